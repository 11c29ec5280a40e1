using System.Diagnostics;
using System.Text.RegularExpressions;
using CodexOtel.Otlp;
using CodexOtel.Setup;
using CodexOtel.Tests.E2E;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Importing;

namespace CodexOtel.Tests.Setup;

/// <summary>
/// From zero to recording as a new user goes: <c>serve</c> runs, <c>setup codex</c> writes the [otel] section into a
/// Codex config that only knows its model provider, the real Codex 0.169 answers a prompt (against the mock model) and
/// its logs, traces and metrics arrive; <c>doctor</c> then finds nothing wrong — and finds serve gone once it stops.
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class SetupCodexEndToEndTests
{
    private const string Prompt = "say hi";

    [Fact]
    public async Task After_setup_codex_the_real_codex_delivers_logs_traces_and_metrics_to_serve_and_doctor_finds_it_healthy()
    {
        using var sandbox = new TempDirectory("setup-e2e");
        var data = Path.Combine(sandbox.Path, "data");
        var server = await ServerProcess.StartAsync(data);
        await using var stopServer = server;
        await using var model = await MockResponsesServer.StartAsync(new MockTurn.Text("hi"));
        var codexHome = sandbox.Sub("codex-home");
        var config = Path.Combine(codexHome, "config.toml");
        var providerOnly = ProviderOnlyConfig(model.BaseUrl);
        File.WriteAllText(config, providerOnly);

        var setup = await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--codex-home", codexHome, "--data", data, "--log-prompts");

        Assert.True(setup.ExitCode == 0, setup.ToString());
        var http = server.HttpEndpoint.GetLeftPart(UriPartial.Authority);
        Assert.Contains($"recorder      {http} — the running serve (pid {server.Pid})", setup.Stdout);
        var written = File.ReadAllText(config);
        Assert.StartsWith(providerOnly, written);
        Assert.Contains($"metrics_exporter = {{ otlp-http = {{ endpoint = \"{http}/v1/metrics\", protocol = \"binary\" }} }}", written);

        var run = await RunCodexAsync(sandbox, codexHome, Prompt);

        Assert.True(run.ExitCode == 0, run.ToString());
        var ledger = LedgerContents.Read(data);
        Assert.True(SignalNames.All.All(s => ledger.Lines[s].Count > 0), ledger.Summary() + "\n" + server);
        Assert.Equal(Prompt, Assert.Single(ledger.Events("codex.user_prompt")).Text("prompt"));
        Assert.Contains(ledger.Spans, s => s.Item.Name == "run_turn");
        Assert.Contains(ledger.Metrics, m => m.Item.Name == "codex.turn.token_usage");
        var conversation = Assert.Single(CodexRollout.SessionIds(codexHome));

        var doctor = await IsolatedCli.RunAsync(sandbox, "doctor", "--codex-home", codexHome, "--data", data);

        Assert.True(doctor.ExitCode == 0, doctor.ToString());
        Assert.Contains($"✔ recorder answers on {server.GrpcEndpoint.Authority} (gRPC) and {server.HttpEndpoint.Authority} (HTTP) — serve pid {server.Pid}", doctor.Stdout);
        Assert.Contains($"✔ {config} sends logs, traces and metrics to it (otlp-http binary); prompts verbatim\n", doctor.Stdout);
        Assert.True(
            Regex.IsMatch(doctor.Stdout, $@"✔ last data: logs (just now|\d+ s ago) \(conversation {conversation[..12]}\), traces (just now|\d+ s ago)( \(conversation {conversation[..12]}\))?, metrics (just now|\d+ s ago)\n"),
            doctor.Stdout);
        Assert.Contains("✔ clocks agree", doctor.Stdout);
        Assert.DoesNotContain("✘", doctor.Stdout);
        Assert.EndsWith("All good.\n", doctor.Stdout);

        // Serve stops (it would come back on the same address, as CODEX_OTEL_HTTP says): doctor says how to start it.
        Assert.Equal(0, await server.StopAsync());
        var environment = new Dictionary<string, string>
        {
            ["CODEX_OTEL_HTTP"] = server.HttpEndpoint.Authority,
            ["CODEX_OTEL_GRPC"] = server.GrpcEndpoint.Authority,
        };
        var down = await IsolatedCli.RunAsync(sandbox, environment, "doctor", "--codex-home", codexHome, "--data", data);

        Assert.True(down.ExitCode == 1, down.ToString());
        Assert.Contains($"✘ the recorder is not running (no serve.json in {data})\n    fix: codex-otel serve --data {data}\n", down.Stdout);
        Assert.Contains($"✔ {config} sends logs, traces and metrics to it", down.Stdout);
        Assert.Contains($"(conversation {conversation[..12]})", down.Stdout);
        Assert.EndsWith("1 problem found.\n", down.Stdout);
    }

    [Fact]
    public async Task Over_tls_setup_codex_writes_the_ca_codex_trusts_and_doctor_and_import_reach_serve()
    {
        using var sandbox = new TempDirectory("setup-tls");
        using var certificates = new TestCertificates();
        var data = Path.Combine(sandbox.Path, "data");
        var server = await ServerProcess.StartAsync(data, "--tls-cert", certificates.ServerCertificatePath, "--tls-key", certificates.ServerKeyPath);
        await using var stopServer = server;
        await using var model = await MockResponsesServer.StartAsync(new MockTurn.Text("hi"));
        var codexHome = sandbox.Sub("codex-home");
        var config = Path.Combine(codexHome, "config.toml");
        File.WriteAllText(config, ProviderOnlyConfig(model.BaseUrl));

        var setup = await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--codex-home", codexHome, "--data", data, "--tls-ca", certificates.CaPath);

        Assert.True(setup.ExitCode == 0, setup.ToString());
        var https = server.HttpEndpoint.GetLeftPart(UriPartial.Authority);
        Assert.StartsWith("https://", https);
        var exporter = CodexOtelSettings.Read(File.ReadAllText(config))[Signal.Logs];
        Assert.Equal($"{https}/v1/logs", exporter.Endpoint);
        Assert.Equal(certificates.CaPath, exporter.Tls?["ca-certificate"]);

        var run = await RunCodexAsync(sandbox, codexHome, Prompt);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(LedgerContents.Read(data).Events("codex.user_prompt"));

        var doctor = await IsolatedCli.RunAsync(sandbox, "doctor", "--codex-home", codexHome, "--data", data);
        var import = await IsolatedCli.RunAsync(sandbox, "import", ImportTestData.FixtureLedger, "--data", data);

        Assert.Contains($"✔ recorder answers on {server.GrpcEndpoint.Authority} (gRPC) and {server.HttpEndpoint.Authority} (HTTP)", doctor.Stdout);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("serve (pid", import.Stdout + import.Stderr);
    }

    [Fact]
    public async Task Under_mutual_tls_doctor_probes_serve_with_the_client_certificate_codex_presents()
    {
        using var sandbox = new TempDirectory("setup-mtls");
        using var certificates = new TestCertificates();
        var data = Path.Combine(sandbox.Path, "data");
        await using var server = await ServerProcess.StartAsync(
            data, "--tls-cert", certificates.ServerCertificatePath, "--tls-key", certificates.ServerKeyPath, "--tls-client-ca", certificates.CaPath);
        var codexHome = sandbox.Sub("codex-home");
        File.WriteAllText(Path.Combine(codexHome, "config.toml"), ProviderOnlyConfig(new Uri("http://127.0.0.1:9/")));
        var setup = await IsolatedCli.RunAsync(
            sandbox, "setup", "codex", "--codex-home", codexHome, "--data", data,
            "--tls-ca", certificates.CaPath, "--tls-client-cert", certificates.ClientCertificatePath, "--tls-client-key", certificates.ClientKeyPath);
        Assert.True(setup.ExitCode == 0, setup.ToString());

        var doctor = await IsolatedCli.RunAsync(sandbox, "doctor", "--codex-home", codexHome, "--data", data);

        Assert.Contains($"✔ recorder answers on {server.GrpcEndpoint.Authority} (gRPC) and {server.HttpEndpoint.Authority} (HTTP)", doctor.Stdout);
    }

    /// <summary>What a Codex home has before setup: a model provider (the mock), comments, no [otel].</summary>
    private static string ProviderOnlyConfig(Uri modelBaseUrl) => $"""
        # Codex for the setup test: the mock model, no approvals (a throwaway folder).
        model = "{CodexConfig.Model}"
        model_provider = "mock"
        approval_policy = "never"
        sandbox_mode = "danger-full-access"

        [model_providers.mock]   # the mock Responses API
        name = "Mock"
        base_url = "{modelBaseUrl.ToString().TrimEnd('/')}"
        wire_api = "responses"
        env_key = "MOCK_API_KEY"
        request_max_retries = 0
        stream_max_retries = 0

        """;

    /// <summary><c>codex exec</c> with this CODEX_HOME as it is (CodexRunner would write its own config.toml).</summary>
    private static async Task<ProcessResult> RunCodexAsync(TempDirectory sandbox, string codexHome, string prompt)
    {
        var start = new ProcessStartInfo(CodexInstallation.Executable())
        {
            WorkingDirectory = sandbox.Sub("work"),
            ArgumentList = { "exec", "--skip-git-repo-check", prompt },
        };
        foreach (var name in start.Environment.Keys.Where(IsInherited).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["CODEX_HOME"] = codexHome;
        start.Environment["HOME"] = sandbox.Sub("home");
        start.Environment["MOCK_API_KEY"] = "test-key";
        start.Environment["NO_COLOR"] = "1";
        return await ChildProcess.RunAsync(start, CodexRunner.DefaultTimeout);
    }

    private static bool IsInherited(string name) =>
        name.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("OPENAI_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("CODEX_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("RUST_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("XDG_", StringComparison.OrdinalIgnoreCase);
}
