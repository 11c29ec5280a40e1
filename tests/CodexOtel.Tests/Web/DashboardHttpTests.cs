using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CodexOtel.Tests.Web;

/// <summary>The dashboard's port over plain HTTP: what it serves, with which headers, and what it keeps apart.</summary>
public sealed class DashboardHttpTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task An_OTLP_path_on_the_dashboard_port_does_not_reach_the_receiver_and_the_OTLP_port_serves_no_dashboard()
    {
        using var otlp = new StringContent("{\"resourceLogs\":[]}", Encoding.UTF8, "application/json");
        using var onUi = await fixture.Http.PostAsync(new Uri(fixture.Ui, "v1/logs"), otlp);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, onUi.StatusCode);
        using var getOnUi = await fixture.Http.GetAsync(new Uri(fixture.Ui, "v1/logs"));
        Assert.Equal(HttpStatusCode.NotFound, getOnUi.StatusCode);

        foreach (var path in new[] { "api/conversations", "assets/app.js", "conversations" })
        {
            using var onOtlp = await fixture.Http.GetAsync(new Uri(fixture.Recorder.HttpEndpoint, path));
            Assert.Equal(HttpStatusCode.NotFound, onOtlp.StatusCode);
        }
    }

    [Fact]
    public async Task Every_response_forbids_inline_script_and_sniffing_and_allows_no_other_origin()
    {
        foreach (var path in new[] { "", "conversations", "assets/app.js", "api/conversations", "nowhere" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Ui, path));
            request.Headers.Add("Origin", "https://elsewhere.example");
            using var response = await fixture.Http.SendAsync(request);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), path);
        }
    }

    [Fact]
    public async Task Assets_come_from_the_binary_with_their_content_type_and_an_etag_that_answers_304()
    {
        foreach (var (path, type) in new[] { ("assets/app.js", "text/javascript"), ("assets/app.css", "text/css"), ("assets/vendor/uPlot.esm.js", "text/javascript"), ("", "text/html") })
        {
            using var response = await fixture.Http.GetAsync(new Uri(fixture.Ui, path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            var etag = response.Headers.ETag!;

            using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Ui, path));
            again.Headers.IfNoneMatch.Add(etag);
            using var cached = await fixture.Http.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
        }
    }

    [Fact]
    public async Task The_API_answers_the_query_layers_records_and_a_bad_parameter_with_400()
    {
        var page = JsonNode.Parse(await fixture.Http.GetStringAsync(new Uri(fixture.Ui, "api/conversations?limit=2&sort=cost")))!;
        Assert.Equal(2, page["conversations"]!.AsArray().Count);
        Assert.True((int)page["total"]! >= DashboardFixture.Count);
        Assert.NotNull((string?)page["next"]);
        var timeline = JsonNode.Parse(await fixture.Http.GetStringAsync(new Uri(fixture.Ui, $"api/conversations/{DashboardFixture.Id(1)}")))!;
        Assert.Equal(DashboardFixture.Id(1), (string?)timeline["id"]);
        Assert.NotEmpty(timeline["timeline"]!.AsArray());
        using var ambiguous = await fixture.Http.GetAsync(new Uri(fixture.Ui, "api/conversations/01a20a10"));
        Assert.Equal(HttpStatusCode.NotFound, ambiguous.StatusCode);
        Assert.Contains("give more characters", await ambiguous.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var bad = await fixture.Http.GetAsync(new Uri(fixture.Ui, "api/conversations?since=yesterday"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("since=yesterday", (string?)JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["error"], StringComparison.Ordinal);
        using var cursor = await fixture.Http.GetAsync(new Uri(fixture.Ui, "api/conversations?after=bm90IG91cnM"));
        Assert.Equal(HttpStatusCode.BadRequest, cursor.StatusCode);
    }

    [Fact]
    public async Task Each_API_answer_says_how_long_the_server_took_in_a_Server_Timing_header_and_an_asset_does_not()
    {
        foreach (var path in new[] { "api/conversations?limit=5", "api/totals?since=2026-01-01T00:00:00Z", "api/conversations/nothing-like-this", "api/conversations?since=yesterday" })
        {
            using var response = await fixture.Http.GetAsync(new Uri(fixture.Ui, path));
            var timing = Assert.Single(response.Headers.GetValues("Server-Timing"));
            Assert.Matches(@"^app;dur=\d+\.\d$", timing);
        }

        using var asset = await fixture.Http.GetAsync(new Uri(fixture.Ui, "assets/app.js"));
        Assert.False(asset.Headers.Contains("Server-Timing"));
    }

    [Fact]
    public async Task A_request_naming_another_host_is_refused_on_loopback_so_DNS_rebinding_cannot_read_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Ui, "api/conversations"));
        request.Headers.Host = "attacker.example";
        using var response = await fixture.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_page_shell_preloads_every_module_the_app_imports_so_they_load_at_once()
    {
        var shell = await fixture.Http.GetStringAsync(fixture.Ui);
        var preloaded = Regex.Matches(shell, "<link rel=\"modulepreload\" href=\"/assets/([^\"]+)\">").Select(m => m.Groups[1].Value).ToHashSet();

        // Every module reachable from app.js by its static imports.
        var imported = new HashSet<string>();
        var next = new Queue<string>(["app.js"]);
        while (next.TryDequeue(out var module))
        {
            var source = await fixture.Http.GetStringAsync(new Uri(fixture.Ui, "assets/" + module));
            foreach (Match import in Regex.Matches(source, "^import .* from '([^']+)';", RegexOptions.Multiline))
            {
                var path = new Uri(new Uri("http://x/" + module), import.Groups[1].Value).AbsolutePath[1..];
                if (imported.Add(path))
                {
                    next.Enqueue(path);
                }
            }
        }

        Assert.Contains("vendor/uPlot.esm.js", imported);
        Assert.Equal(imported.Order(StringComparer.Ordinal), preloaded.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_live_feed_sends_new_events_with_ledger_positions_and_a_reconnect_resumes_after_the_last_one()
    {
        using var stream = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var first = await ReadEventsAsync(stream, new Uri(fixture.Ui, "api/live"), lastEventId: null, until: e => e.Data.Contains("live-one", StringComparison.Ordinal),
            () => DashboardSeed.SendAsync(fixture.Http, fixture.Recorder.HttpEndpoint, DashboardFixture.Id(900), "live-one prompt"));
        var lastId = first.Last(e => e.Id is not null).Id!;

        // Recorded while nobody listened: a reconnect from the last id gets it, and nothing from before.
        await DashboardSeed.SendAsync(fixture.Http, fixture.Recorder.HttpEndpoint, DashboardFixture.Id(901), "live-two prompt");
        var resumed = await ReadEventsAsync(stream, new Uri(fixture.Ui, "api/live"), lastId, until: e => e.Data.Contains("live-two", StringComparison.Ordinal), send: null);
        Assert.DoesNotContain(resumed, e => e.Data.Contains("live-one", StringComparison.Ordinal));
        Assert.All(resumed.Where(e => e.Type == "tail"), e => Assert.Contains(DashboardFixture.Id(901), e.Data, StringComparison.Ordinal));
    }

    private sealed record SseEvent(string? Type, string? Id, string Data);

    private static async Task<List<SseEvent>> ReadEventsAsync(HttpClient http, Uri url, string? lastEventId, Func<SseEvent, bool> until, Func<Task>? send)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        if (send is not null)
        {
            await send();
        }

        var events = new List<SseEvent>();
        string? type = null, id = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0)
            {
                var e = new SseEvent(type, id, data.ToString());
                if (type is not null)
                {
                    events.Add(e);
                    if (until(e))
                    {
                        return events;
                    }
                }

                (type, data) = (null, new StringBuilder());
                continue;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }

        throw new InvalidOperationException("the live feed ended");
    }
}
