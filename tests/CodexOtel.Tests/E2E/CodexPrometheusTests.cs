using System.Diagnostics;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.E2E;

/// <summary>
/// A real Prometheus scrapes <c>serve</c> while the real Codex runs a tool turn against the mock model: PromQL sees the
/// tokens and the tool call, <c>promtool check metrics</c> passes the scrape, and the counters survive a restart.
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class CodexPrometheusTests
{
    // Two model responses (the tool call, then the answer), each with the mock's usage.
    private const int Responses = 2;

    [Fact]
    public async Task Prometheus_scraping_serve_while_codex_runs_sees_its_tokens_and_tool_call_and_no_reset_after_a_restart()
    {
        using var data = new TempDirectory("codex-prometheus");
        var metrics = $"127.0.0.1:{PrometheusServer.FreePort()}";
        var serve = await ServerProcess.StartAsync(data.Path, "--metrics", metrics);
        try
        {
            await using var prometheus = await PrometheusServer.StartAsync(metrics);
            await using var model = await MockResponsesServer.StartAsync(
                new MockTurn.ExecCommand("echo hello", CallId: "call_prom_1"),
                new MockTurn.Text("it printed hello"));
            using var codex = new CodexRunner();

            var run = await codex.ExecAsync("run echo hello", model.BaseUrl, new CodexTelemetry { OtlpBaseUrl = serve.HttpEndpoint });
            Assert.True(run.ExitCode == 0, run.ToString());

            var input = Responses * ResponsesStream.InputTokens;
            await prometheus.WaitForAsync($"codex_otel_tokens_total{{kind=\"input\",model=\"{CodexConfig.Model}\"}}", v => v == input);
            Assert.Equal(Responses * ResponsesStream.CachedTokens, await prometheus.QueryAsync("codex_otel_tokens_total{kind=\"cached_input\"}"));
            Assert.Equal(Responses * ResponsesStream.OutputTokens, await prometheus.QueryAsync("codex_otel_tokens_total{kind=\"output\"}"));
            Assert.Equal(Responses * ResponsesStream.ReasoningTokens, await prometheus.QueryAsync("codex_otel_tokens_total{kind=\"reasoning\"}"));
            await prometheus.WaitForAsync("codex_otel_tool_calls_total{tool=\"exec_command\",decision=\"approved\",success=\"true\"}", v => v == 1);
            await prometheus.WaitForAsync("sum(traces_span_metrics_calls_total{span_name=\"exec_command\"})", v => v >= 1);
            await prometheus.WaitForAsync("sum(codex_otel_receiver_accepted_records_total{transport=\"http\"})", v => v > 0);

            AssertPromtoolPasses(await ScrapeAsync(metrics));

            // SIGTERM and start again on the same port: the counters go on, Prometheus sees no reset.
            Assert.Equal(0, await serve.StopAsync());
            await serve.DisposeAsync();
            serve = await ServerProcess.StartAsync(data.Path, "--metrics", metrics);
            var scrapesAfter = await prometheus.QueryAsync("count_over_time(up[1h])") ?? 0;
            await prometheus.WaitForAsync("count_over_time(up[1h])", v => v >= scrapesAfter + 3);
            Assert.Equal(input, await prometheus.QueryAsync("codex_otel_tokens_total{kind=\"input\"}"));
            Assert.Equal(0, await prometheus.QueryAsync("resets(codex_otel_tokens_total{kind=\"input\"}[1h])"));
            Assert.Equal(0, await prometheus.QueryAsync("resets(codex_otel_tool_calls_total{tool=\"exec_command\"}[1h])"));
        }
        finally
        {
            await serve.DisposeAsync();
        }
    }

    private static async Task<string> ScrapeAsync(string target)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri($"http://{target}/metrics"));
    }

    /// <summary>
    /// promtool lints the names too. Allowed: complaints about milliseconds, the unit the collector's translation gives
    /// spanmetrics (traces_span_metrics_duration_milliseconds) and our duration histograms; and any complaint about a
    /// name Codex chose (codex_*, not codex_otel_*), translated as the collector would (e.g. a gauge it named *_total).
    /// A format error, or anything else about our own names, fails.
    /// </summary>
    private static void AssertPromtoolPasses(string scrape)
    {
        var start = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var promtool = Process.Start(start)!;
        promtool.StandardInput.Write(scrape);
        promtool.StandardInput.Close();
        var output = promtool.StandardOutput.ReadToEnd() + promtool.StandardError.ReadToEnd();
        promtool.WaitForExit();
        var problems = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.EndsWith("use base unit \"seconds\" instead of \"milliseconds\"", StringComparison.Ordinal)
                && !(line.StartsWith("codex_", StringComparison.Ordinal) && !line.StartsWith("codex_otel_", StringComparison.Ordinal)))
            .ToList();
        Assert.True(problems.Count == 0, $"promtool check metrics:\n{output}\n--- scrape ---\n{scrape}");
    }
}
