using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Web;

/// <summary>
/// GET /api/conversations/{id}/traces: a turn's spans, found in the traces ledger by the trace id its log records carry
/// (the recorded Codex tool turn's prompt was logged in trace 165178c9…), as trees.
/// </summary>
public sealed class DashboardTracesTests
{
    private const string TurnTrace = "165178c99bee8e4a7674dd119439ea8a";

    [Fact]
    public async Task A_turn_gets_the_spans_of_its_trace_as_a_tree_and_a_key_recorded_twice_keeps_its_last_value()
    {
        await using var recorder = await InProcessRecorder.StartAsync(uiAddress: "127.0.0.1:0");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var id = DashboardFixture.Id(42);
        await DashboardSeed.SendAsync(http, recorder.HttpEndpoint, id, "trace me");
        await DashboardSeed.WaitForIndexAsync(http, recorder.UiEndpoint!, 1);
        var now = DateTimeOffset.UtcNow;
        await SendSpansAsync(http, recorder.HttpEndpoint,
            Span(TurnTrace, "00000000000000a1", null, "run_turn", now, 300, ("turn.id", "first"), ("turn.id", "second")),
            Span(TurnTrace, "00000000000000a2", "00000000000000a1", "handle_responses", now.AddMilliseconds(100), 50, ("gen_ai.usage.input_tokens", "120")),
            Span("ffffffffffffffffffffffffffffffff", "00000000000000b1", null, "another conversation", now, 10));

        using var response = await http.GetAsync(new Uri(recorder.UiEndpoint!, $"api/conversations/{id}/traces"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var turns = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
        var turn = Assert.Single(turns)!;
        Assert.Equal(1, (int)turn["turn"]!);
        Assert.Equal(300, (double)turn["duration_ms"]!, 1);
        var root = Assert.Single(turn["spans"]!.AsArray())!;
        Assert.Equal("run_turn", (string)root["name"]!);
        Assert.Equal("second", (string)root["attributes"]!["turn.id"]!);
        var child = Assert.Single(root["children"]!.AsArray())!;
        Assert.Equal("handle_responses", (string)child["name"]!);
        Assert.Equal(100, (double)child["offset_ms"]!, 1);
        Assert.Equal(50, (double)child["duration_ms"]!, 1);
    }

    private static JsonObject Span(string traceId, string spanId, string? parent, string name, DateTimeOffset start, int millis, params (string Key, string Value)[] attributes)
    {
        var nanos = (start - DateTimeOffset.UnixEpoch).Ticks * 100;
        var span = new JsonObject
        {
            ["traceId"] = traceId,
            ["spanId"] = spanId,
            ["name"] = name,
            ["kind"] = 1,
            ["startTimeUnixNano"] = nanos.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["endTimeUnixNano"] = (nanos + (millis * 1_000_000L)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["attributes"] = new JsonArray([.. attributes.Select(a => (JsonNode)new JsonObject { ["key"] = a.Key, ["value"] = new JsonObject { ["stringValue"] = a.Value } })]),
        };
        if (parent is not null)
        {
            span["parentSpanId"] = parent;
        }

        return span;
    }

    private static async Task SendSpansAsync(HttpClient http, Uri otlpHttp, params JsonObject[] spans)
    {
        var request = new JsonObject
        {
            ["resourceSpans"] = new JsonArray(new JsonObject
            {
                ["resource"] = new JsonObject { ["attributes"] = new JsonArray() },
                ["scopeSpans"] = new JsonArray(new JsonObject { ["scope"] = new JsonObject { ["name"] = "codex" }, ["spans"] = new JsonArray([.. spans]) }),
            }),
        };
        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(otlpHttp, "/v1/traces"), content);
        response.EnsureSuccessStatusCode();
    }
}
