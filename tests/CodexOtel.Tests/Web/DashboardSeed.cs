using System.Text;
using System.Text.Json.Nodes;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Web;

/// <summary>
/// Conversations for the dashboard's tests: the logs of a tool turn the real Codex 0.169 recorded
/// (Codex/Fixtures/ledger-tool-turn.logs.jsonl), sent to the recorder over OTLP/HTTP once per conversation with its
/// conversation id, prompt, model and times changed.
/// </summary>
public static class DashboardSeed
{
    public const string RecordedId = "01a20a10-c98b-7892-a4e1-d6ffec44ba09";

    private const string RecordedPrompt = "please tool";

    private static readonly string Recorded = File.ReadAllText(RepoRoot.Combine("tests", "CodexOtel.Tests", "Codex", "Fixtures", "ledger-tool-turn.logs.jsonl")).Trim();

    /// <summary>Sends one conversation; its records are moved to <paramref name="at"/> (to the millisecond).</summary>
    public static async Task SendAsync(HttpClient http, Uri otlpHttp, string id, string prompt, string model = "gpt-5.5", DateTimeOffset? at = null)
    {
        var shift = (at ?? DateTimeOffset.UtcNow) - new DateTimeOffset(2026, 11, 23, 20, 20, 2, TimeSpan.Zero);
        var text = Recorded.Replace(RecordedId, id, StringComparison.Ordinal)
            .Replace("\"gpt-5.5\"", JsonValue.Create(model).ToJsonString(), StringComparison.Ordinal);
        var json = JsonNode.Parse(text)!;
        foreach (var node in Walk(json))
        {
            Shift(node, shift, prompt);
        }

        using var content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(otlpHttp, "/v1/logs"), content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits until the dashboard's API lists at least <paramref name="count"/> conversations.</summary>
    public static async Task WaitForIndexAsync(HttpClient http, Uri ui, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var page = await http.GetFromJsonAsync<JsonObject>(new Uri(ui, $"api/conversations?limit=500"), timeout.Token);
            if (page!["conversations"]!.AsArray().Count >= count)
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    private static IEnumerable<JsonObject> Walk(JsonNode node)
    {
        if (node is JsonObject o)
        {
            yield return o;
            foreach (var child in o.Select(p => p.Value).Where(v => v is not null).SelectMany(v => Walk(v!)))
            {
                yield return child;
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var child in a.Where(v => v is not null).SelectMany(v => Walk(v!)))
            {
                yield return child;
            }
        }
    }

    private static void Shift(JsonObject o, TimeSpan shift, string prompt)
    {
        foreach (var key in new[] { "timeUnixNano", "observedTimeUnixNano" })
        {
            if (o[key] is JsonValue v && long.TryParse(v.ToString(), out var nanos) && nanos > 0)
            {
                o[key] = (nanos + shift.Ticks * 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (o["key"]?.ToString() is { } name && o["value"]?["stringValue"] is JsonValue value)
        {
            if (name == "event.timestamp" && DateTimeOffset.TryParse(value.ToString(), out var time))
            {
                o["value"]!["stringValue"] = (time + shift).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
            }
            else if (name == "prompt" && value.ToString() == RecordedPrompt)
            {
                o["value"]!["stringValue"] = prompt;
            }
        }
    }
}
