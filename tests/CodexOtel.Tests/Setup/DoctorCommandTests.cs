using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CodexOtel.Setup;
using CodexOtel.Store;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Store;

namespace CodexOtel.Tests.Setup;

/// <summary>
/// <c>codex-otel doctor</c> against a recorder in this process and a Codex config written by <c>setup codex</c>
/// (the healthy run with the real Codex is in SetupCodexEndToEndTests), and against broken setups.
/// </summary>
public sealed class DoctorCommandTests
{
    private const string Conversation = "019a1b2c-3d4e-7f60-8a9b-0c1d2e3f4a5b";

    [Fact]
    public async Task A_healthy_setup_has_only_check_marks_and_exits_0()
    {
        using var sandbox = new TempDirectory("doctor");
        await using var recorder = await InProcessRecorder.StartAsync();
        var home = Configure(sandbox, recorder);
        await SendAsync(recorder, DateTimeOffset.UtcNow);
        await WaitUntilIndexedAsync(recorder.DataDir);

        var result = await DoctorAsync(sandbox, home, recorder.DataDir);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"codex-otel doctor — data folder {recorder.DataDir}, Codex config {home}/config.toml", lines[0]);
        var grpc = recorder.GrpcEndpoint.Authority;
        var http = recorder.HttpEndpoint.Authority;
        Assert.Equal($"✔ recorder answers on {grpc} (gRPC) and {http} (HTTP) — serve pid {Environment.ProcessId}, recording to {recorder.DataDir}", lines[1]);
        Assert.Equal($"✔ {home}/config.toml sends logs, traces and metrics to it (otlp-http binary); prompts redacted", lines[2]);
        Assert.Equal("✔ last data: logs just now (conversation 019a1b2c-3d4), traces just now, metrics just now", lines[3]);
        Assert.Equal($"    latest conversation in the index: {Conversation}, started just now — \"say hi\" (codex-otel show 1 --data {recorder.DataDir})", lines[4]);
        Assert.Equal($"✔ {recorder.DataDir} is private (0700, files 0600)", lines[5]);
        Assert.Matches(@"^✔ [\d.]+ [KMG]B free on /", lines[6]);
        Assert.Matches(@"^✔ clocks agree: the newest (logs|traces|metrics) record was stamped [\d.]+ s before it was stored$", lines[7]);
        Assert.Equal("All good.", lines[^1]);
        Assert.DoesNotContain("✘", result.Stdout);
    }

    [Fact]
    public async Task With_serve_down_doctor_names_the_data_folder_and_says_to_start_serve()
    {
        using var sandbox = new TempDirectory("doctor");
        var data = Path.Combine(sandbox.Path, "data"); // serve has never run
        var home = sandbox.Sub("codex-home");
        var http = FreeHttpUrl();

        // Where serve would listen: CODEX_OTEL_HTTP, on a port nothing listens on.
        File.WriteAllText(Path.Combine(home, "config.toml"), CodexConfigEdit.Apply("", "config.toml", new SetupRequest(http, "binary", null, false)));
        var environment = new Dictionary<string, string> { ["CODEX_OTEL_HTTP"] = new Uri(http).Authority, ["CODEX_OTEL_GRPC"] = new Uri(FreeHttpUrl()).Authority };

        var result = await IsolatedCli.RunAsync(sandbox, environment, "doctor", "--codex-home", home, "--data", data);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"✘ the recorder is not running (no serve.json in {data})\n    fix: codex-otel serve --data {data}\n", result.Stdout);
        Assert.Contains($"· nothing recorded yet in {data}: use Codex once, then run codex-otel doctor again", result.Stdout);
        Assert.Contains("· clock: not checked — nothing recorded yet to compare", result.Stdout);
        Assert.True(result.Stdout.EndsWith("1 problem found.\n", StringComparison.Ordinal), result.Stdout);
    }

    [Fact]
    public async Task A_serve_json_left_by_a_dead_serve_is_called_stale()
    {
        using var sandbox = new TempDirectory("doctor");
        var data = sandbox.Sub("data");
        var home = sandbox.Sub("codex-home");
        using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await exited.WaitForExitAsync();
        File.WriteAllText(Path.Combine(data, "serve.json"), new JsonObject
        {
            ["pid"] = exited.Id,
            ["version"] = "0.1.0",
            ["grpc"] = "127.0.0.1:1",
            ["http"] = "127.0.0.1:2",
            ["dataDir"] = data,
            ["startedAt"] = "2026-01-01T00:00:00+00:00",
        }.ToJsonString());

        var result = await DoctorAsync(sandbox, home, data);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"✘ the recorder is not running (its serve.json names pid {exited.Id}, which is no longer running)", result.Stdout);
        Assert.Contains($"✘ {home}/config.toml does not exist: Codex sends no telemetry here\n    fix: codex-otel setup codex --codex-home {home} --data {data}\n", result.Stdout);
    }

    [Fact]
    public async Task A_missing_metrics_exporter_means_metrics_go_to_codexs_default_remote_endpoint()
    {
        using var sandbox = new TempDirectory("doctor");
        await using var recorder = await InProcessRecorder.StartAsync();
        var home = sandbox.Sub("codex-home");
        var http = recorder.HttpEndpoint.GetLeftPart(UriPartial.Authority);
        File.WriteAllText(Path.Combine(home, "config.toml"), $$"""
            [otel]
            exporter = { otlp-http = { endpoint = "{{http}}/v1/logs", protocol = "binary" } }
            trace_exporter = { otlp-http = { endpoint = "{{http}}/v1/traces", protocol = "json" } }

            """);

        var result = await DoctorAsync(sandbox, home, recorder.DataDir);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"✔ {home}/config.toml sends logs and traces to it (otlp-http binary, otlp-http json); prompts redacted\n", result.Stdout);
        Assert.Contains(
            "✘ metrics go to Codex's default remote endpoint, not here (no metrics_exporter in [otel])\n" +
            $"    fix: codex-otel setup codex --codex-home {home} --data {recorder.DataDir}\n",
            result.Stdout);
        Assert.EndsWith("1 problem found.\n", result.Stdout);
    }

    [Fact]
    public async Task Exporters_pointing_at_the_wrong_port_or_with_an_invalid_protocol_are_each_named()
    {
        using var sandbox = new TempDirectory("doctor");
        await using var recorder = await InProcessRecorder.StartAsync();
        var home = sandbox.Sub("codex-home");
        var grpc = recorder.GrpcEndpoint.Authority;
        var http = recorder.HttpEndpoint.Authority;
        var elsewhere = new Uri(FreeHttpUrl()).Authority;
        File.WriteAllText(Path.Combine(home, "config.toml"), $$"""
            [otel]
            exporter = { otlp-http = { endpoint = "http://{{grpc}}/v1/logs", protocol = "binary" } }
            trace_exporter = { otlp-http = { endpoint = "http://{{elsewhere}}/v1/traces", protocol = "binary" } }
            metrics_exporter = { otlp-http = { endpoint = "http://{{http}}/v1/metrics", protocol = "grpc" } }

            """);

        var result = await DoctorAsync(sandbox, home, recorder.DataDir);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"✘ logs go over otlp-http to {grpc}, the recorder's gRPC port (OTLP/HTTP is {http})\n", result.Stdout);
        Assert.Contains($"✘ traces go to {elsewhere}, but the recorder listens on {http}\n", result.Stdout);
        Assert.Contains("✘ otel.metrics_exporter: otlp-http protocol \"grpc\" is not binary or json — Codex rejects this\n", result.Stdout);
        Assert.Equal(3, result.Stdout.Split('\n').Count(l => l == $"    fix: codex-otel setup codex --codex-home {home} --data {recorder.DataDir}"));
        Assert.DoesNotContain($"✔ {home}/config.toml", result.Stdout);
        Assert.EndsWith("3 problems found.\n", result.Stdout);
    }

    [Fact]
    public async Task A_recorder_that_requires_an_api_key_codex_does_not_send_is_a_problem_with_the_fix()
    {
        using var sandbox = new TempDirectory("doctor");
        await using var recorder = await InProcessRecorder.StartAsync(apiKey: "the-key");
        var home = Configure(sandbox, recorder);

        var result = await DoctorAsync(sandbox, home, recorder.DataDir);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("; it requires an API key\n", result.Stdout);
        Assert.Contains("✘ logs, traces and metrics are sent without the API key the recorder requires\n", result.Stdout);
        Assert.Contains($"    fix: codex-otel setup codex --codex-home {home} --data {recorder.DataDir} --api-key KEY (the key serve runs with)\n", result.Stdout);
    }

    [Fact]
    public async Task A_codex_config_that_is_not_valid_toml_is_reported_with_line_and_column()
    {
        using var sandbox = new TempDirectory("doctor");
        var home = sandbox.Sub("codex-home");
        File.WriteAllText(Path.Combine(home, "config.toml"), "model = \"gpt-5.5\"\n\n[otel\n");

        var result = await DoctorAsync(sandbox, home, sandbox.Sub("data"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"✘ {home}/config.toml is not valid TOML (line 3, column 6: ", result.Stdout);
        Assert.Contains($"    fix: correct line 3 of {home}/config.toml, then run codex-otel setup codex --codex-home {home}", result.Stdout);
    }

    [Fact]
    public async Task A_data_folder_others_can_read_and_records_from_a_clock_ahead_are_problems()
    {
        using var sandbox = new TempDirectory("doctor");
        await using var recorder = await InProcessRecorder.StartAsync();
        var home = Configure(sandbox, recorder);
        await SendAsync(recorder, DateTimeOffset.UtcNow.AddHours(3));
        File.SetUnixFileMode(recorder.DataDir, File.GetUnixFileMode(recorder.DataDir) | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var result = await DoctorAsync(sandbox, home, recorder.DataDir);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"✘ {recorder.DataDir} is not private — the folder is 0755: prompts and tool output are in there\n    fix: chmod 700 {recorder.DataDir} && chmod 600 {recorder.DataDir}/*\n", result.Stdout);
        Assert.Matches(@"✘ the clock of the machine running Codex is (2|3) h ahead: its newest (logs|traces|metrics) record is stamped", result.Stdout);
        Assert.Contains("    fix: sync that machine's clock: timedatectl set-ntp true\n", result.Stdout);
    }

    [Fact]
    public async Task Json_output_lists_every_check_with_its_status_and_fix_and_when_each_signal_arrived()
    {
        using var sandbox = new TempDirectory("doctor");
        await using var recorder = await InProcessRecorder.StartAsync();
        var home = sandbox.Sub("codex-home");
        File.WriteAllText(Path.Combine(home, "config.toml"), "[otel]\n");
        await SendAsync(recorder, DateTimeOffset.UtcNow);

        var result = await DoctorAsync(sandbox, home, recorder.DataDir, "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.False((bool)json["ok"]!);
        Assert.Equal(recorder.DataDir, (string?)json["data_dir"]);
        Assert.Equal(Environment.ProcessId, (int)json["serve"]!["pid"]!);
        var checks = json["checks"]!.AsArray();
        Assert.Equal(["recorder", "codex_config", "last_data", "permissions", "disk_space", "clock"], checks.Select(c => (string)c!["check"]!));
        Assert.Equal(["ok", "problem", "ok", "ok", "ok", "ok"], checks.Select(c => (string)c!["status"]!));
        Assert.Equal(
            $"{home}/config.toml has no exporters in [otel]: Codex sends no logs or traces, and its metrics go to its default remote endpoint, not here",
            (string?)checks[1]!["message"]);
        Assert.All(checks.Where(c => (string)c!["status"]! == "problem"), c => Assert.StartsWith("codex-otel setup codex", (string)c!["fix"]!));
        Assert.Equal(Conversation, (string?)json["last"]!["logs"]!["conversation"]);
        Assert.NotNull((string?)json["last"]!["metrics"]!["received"]);
    }

    // ---- helpers ----

    private static Task<ProcessResult> DoctorAsync(TempDirectory sandbox, string codexHome, string data, params string[] more) =>
        IsolatedCli.RunAsync(sandbox, ["doctor", "--codex-home", codexHome, "--data", data, .. more]);

    /// <summary>A Codex home whose config.toml <c>setup codex</c> pointed at the recorder.</summary>
    private static string Configure(TempDirectory sandbox, InProcessRecorder recorder)
    {
        var home = sandbox.Sub("codex-home");
        var request = new SetupRequest(recorder.HttpEndpoint.GetLeftPart(UriPartial.Authority), "binary", null, false);
        File.WriteAllText(Path.Combine(home, "config.toml"), CodexConfigEdit.Apply("model = \"gpt-5.5\"\n", "config.toml", request));
        return home;
    }

    /// <summary>serve indexes what it records within a second.</summary>
    private static async Task WaitUntilIndexedAsync(string dataDir)
    {
        using var store = ConversationStores.Open(dataDir);
        var waited = Stopwatch.StartNew();
        while (store.AllConversations().Count == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "serve did not index the conversation");
            await Task.Delay(20);
        }
    }

    /// <summary>A loopback URL on a port nothing listens on.</summary>
    private static string FreeHttpUrl()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>One log record of a conversation, one span and one data point, stamped <paramref name="time"/>.</summary>
    private static async Task SendAsync(InProcessRecorder recorder, DateTimeOffset time)
    {
        var nanos = ((time.ToUnixTimeMilliseconds() * 1_000_000) + 123).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var bodies = new Dictionary<string, string>
        {
            ["logs"] = $$$"""
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"codex_exec"}}]},
                 "scopeLogs":[{"scope":{"name":"codex_otel.log_only"},"logRecords":[{"observedTimeUnixNano":"{{{nanos}}}","severityNumber":9,
                 "attributes":[{"key":"event.name","value":{"stringValue":"codex.user_prompt"}},{"key":"conversation.id","value":{"stringValue":"{{{Conversation}}}"}},
                 {"key":"prompt","value":{"stringValue":"say hi"}}]}]}]}]}
                """,
            ["traces"] = $$$"""
                {"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{"name":"codex"},"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",
                 "spanId":"eee19b7ec3c1b174","name":"run_turn","kind":1,"startTimeUnixNano":"{{{nanos}}}","endTimeUnixNano":"{{{nanos}}}"}]}]}]}
                """,
            ["metrics"] = $$$"""
                {"resourceMetrics":[{"resource":{},"scopeMetrics":[{"scope":{"name":"codex"},"metrics":[{"name":"codex.turn.e2e_duration_ms",
                 "sum":{"aggregationTemporality":1,"isMonotonic":true,"dataPoints":[{"startTimeUnixNano":"{{{nanos}}}","timeUnixNano":"{{{nanos}}}","asInt":"1"}]}}]}]}]}
                """,
        };
        using var client = new HttpClient();
        foreach (var (signal, body) in bodies)
        {
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(new Uri(recorder.HttpEndpoint, $"/v1/{signal}"), content);
            Assert.True(response.IsSuccessStatusCode, $"{signal}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
