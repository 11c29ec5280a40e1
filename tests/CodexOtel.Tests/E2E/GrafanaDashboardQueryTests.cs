using CodexOtel.Tests.Deploy;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.E2E;

/// <summary>
/// The Grafana dashboard's queries, run for real: serve records one Codex turn with a tool call, a real Prometheus
/// scrapes serve with the shipped scrape config, and every PromQL expression in the dashboard is evaluated through
/// Prometheus' HTTP API with its variables substituted as Grafana would.
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class GrafanaDashboardQueryTests
{
    private const string ApiKey = "grafana-e2e-key-0123456789";

    // Panels whose series only exist after something went wrong: a Codex turn that worked gives them none. Their
    // queries must still evaluate. Every other query must return data.
    private static readonly HashSet<string> MayBeEmpty =
    [
        "API errors by status", // codex_otel_api_errors_total: no model call failed
        "Refused", // codex_otel_receiver_refused_*: nothing was refused
        "Client metric points dropped", // codex_otel_metrics_dropped_points_total: no point was dropped
    ];

    // Grafana's interval variables, as it would set them for a short time range with Prometheus scraping every second.
    private static readonly Dictionary<string, string> Intervals = new()
    {
        ["__range"] = "10m",
        ["__rate_interval"] = "1m",
        ["__interval"] = "15s",
    };

    [Fact]
    public async Task Every_dashboard_query_evaluates_in_a_real_Prometheus_scraping_serve_after_a_Codex_tool_call_and_returns_data()
    {
        var dashboard = GrafanaDashboard.Load();
        using var data = new TempDirectory("grafana-e2e");
        await using var recorder = await ServerProcess.StartAsync(data.Sub("recorder"), "--api-key", ApiKey);
        var keyFile = Path.Combine(data.Sub("secrets"), "api-key");
        await File.WriteAllTextAsync(keyFile, ApiKey);
        await using var prometheus = await PrometheusServer.StartWithConfigAsync(
            DeployFiles.PrometheusConfig(recorder.MetricsEndpoint!.Authority, keyFile, "1s"));

        await using var model = await MockResponsesServer.StartAsync(
            new MockTurn.ExecCommand("echo hello", CallId: "call_grafana_1"),
            new MockTurn.Text("it printed hello"));
        using var codex = new CodexRunner();
        var run = await codex.ExecAsync("run echo hello", model.BaseUrl, new CodexTelemetry
        {
            OtlpBaseUrl = recorder.HttpEndpoint,
            Headers = new Dictionary<string, string> { ["authorization"] = $"Bearer {ApiKey}" },
        });
        Assert.True(run.ExitCode == 0, run.ToString());

        // Grafana's "All" sends the variables' allValue; a chosen value is what label_values() offers.
        var all = new Dictionary<string, string>(Intervals) { ["model"] = ".*", ["tool"] = ".*" };
        var chosen = new Dictionary<string, string>(Intervals) { ["model"] = CodexConfig.Model, ["tool"] = "exec_command" };
        var failures = await WaitForDataAsync(prometheus, dashboard, all, TimeSpan.FromSeconds(20));
        failures.AddRange(await FailuresAsync(prometheus, dashboard, chosen));
        Assert.True(failures.Count == 0, string.Join("\n", failures) + $"\n{prometheus}\n{recorder}");

        Assert.Contains(CodexConfig.Model, await prometheus.LabelValuesAsync("model", "codex_otel_tokens_total"));
        Assert.Contains("exec_command", await prometheus.LabelValuesAsync("tool", "codex_otel_tool_calls_total"));
        foreach (var query in MayBeEmpty)
        {
            Assert.Contains(dashboard.Queries, q => q.Panel == query); // no stale name in the list
        }
    }

    /// <summary>Evaluates every query until none fails (Prometheus needs two scrapes of a series for a rate); returns the last failures.</summary>
    private static async Task<List<string>> WaitForDataAsync(
        PrometheusServer prometheus, GrafanaDashboard dashboard, Dictionary<string, string> variables, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var failures = await FailuresAsync(prometheus, dashboard, variables);
            if (failures.Count == 0 || DateTime.UtcNow > deadline)
            {
                return failures;
            }

            await Task.Delay(500);
        }
    }

    private static async Task<List<string>> FailuresAsync(
        PrometheusServer prometheus, GrafanaDashboard dashboard, Dictionary<string, string> variables)
    {
        var failures = new List<string>();
        foreach (var query in dashboard.Queries)
        {
            var expr = GrafanaDashboard.Substitute(query.Expr, variables);
            var result = await prometheus.EvaluateAsync(expr);
            if (!result.IsSuccess || (!result.HasData && !MayBeEmpty.Contains(query.Panel)))
            {
                failures.Add($"{query} with model={variables["model"]} tool={variables["tool"]}\n  sent {expr}\n  got {result}");
            }
        }

        return failures;
    }
}
