using System.Text.Json.Nodes;
using CodexOtel.Tests.Cli;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Receivers;
using CodexOtel.Tests.Setup;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Tests.E2E;

/// <summary>
/// The Native AOT build, which has no reflection to fall back on, doing what a user does with it: serve with a config
/// file, the real Codex exporting a tool turn over OTLP/HTTP and an OTLP/gRPC client beside it, then (serve stopped)
/// list, show, verify and setup from the same executable.
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class NativeAotTests(NativeAotBuild aot) : IClassFixture<NativeAotBuild>
{
    [Fact]
    public async Task The_native_aot_build_records_codex_and_grpc_and_answers_list_show_verify_and_setup()
    {
        using var sandbox = new TempDirectory("aot-e2e");
        var data = Path.Combine(sandbox.Path, "data");
        var config = Path.Combine(sandbox.Sub("config"), "config.toml");
        File.WriteAllText(config, "# read through Tomlyn's source-generated context\n[ledger]\nmax_segment_mb = 64\n");
        var server = await ServerProcess.StartExecutableAsync(aot.Executable, data, "--config", config);
        await using var stopServer = server;
        await using var model = await MockResponsesServer.StartAsync(
            new MockTurn.ExecCommand("echo aot-hello", CallId: "call_aot_1"),
            new MockTurn.Text("it printed aot-hello"));
        using var codex = new CodexRunner();

        var run = await codex.ExecAsync("run echo aot-hello", model.BaseUrl, new CodexTelemetry { OtlpBaseUrl = server.HttpEndpoint });
        using var channel = GrpcChannel.ForAddress(server.GrpcEndpoint);
        await new TraceService.TraceServiceClient(channel).ExportAsync(OtlpRequests.Spans(4, name: "aot-grpc-span"));

        Assert.True(run.ExitCode == 0, run.ToString());
        var ledger = LedgerContents.Read(data);
        Assert.Equal("call_aot_1", Assert.Single(ledger.Events("codex.tool_result")).Text("call_id"));
        Assert.Equal(4, ledger.Spans.Count(s => s.Item.Name == "aot-grpc-span"));

        // Stopped, serve no longer indexes: the first query brings the index up to date itself.
        Assert.Equal(0, await server.StopAsync());

        var environment = IsolatedCli.Environment(sandbox);
        var list = await CliRunner.RunExecutableAsync(aot.Executable, environment, "list", "--json", "--data", data);
        var show = await CliRunner.RunExecutableAsync(aot.Executable, environment, "show", "--data", data);
        var verify = await CliRunner.RunExecutableAsync(aot.Executable, environment, "verify", "--data", data);
        var setup = await CliRunner.RunExecutableAsync(aot.Executable, environment, "setup", "codex", "--codex-home", sandbox.Sub("fresh-codex-home"), "--data", data, "--dry-run");

        Assert.True(list.ExitCode == 0, list.ToString());
        var conversation = Assert.Single(JsonNode.Parse(list.Stdout)!.AsArray())!;
        Assert.Equal(1, (int)conversation["tool_calls"]!);
        Assert.Equal("run echo aot-hello", (string?)conversation["first_prompt"]);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("aot-hello", show.Stdout);
        Assert.Contains("exec_command", show.Stdout);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("✔ traces", verify.Stdout);
        Assert.True(setup.ExitCode == 0, setup.ToString());
        Assert.Contains("+metrics_exporter = { otlp-http = { endpoint = \"http://127.0.0.1:4318/v1/metrics\"", setup.Stdout);
    }
}
