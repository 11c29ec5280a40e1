using System.Text.Json.Nodes;
using CodexOtel.Tests.Cli;
using CodexOtel.Tests.E2E;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Importing;

/// <summary>
/// The real Codex CLI 0.169 records one run into serve and fails another (which exports nothing); importing its
/// sessions folder backfills the failed run from its rollout file and leaves the recorded one as it was.
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class ImportCodexEndToEndTests
{
    private const string LostPrompt = "please refactor the parser — it's “slow”";

    [Fact]
    public async Task Importing_codex_sessions_backfills_a_run_whose_telemetry_was_lost_without_duplicating_a_recorded_one()
    {
        using var dir = new TempDirectory("import-codex");
        var data = dir.Sub("data");
        await using var server = await ServerProcess.StartAsync(data);
        var telemetry = new CodexTelemetry { OtlpBaseUrl = server.HttpEndpoint };
        using var codex = new CodexRunner();
        await using (var model = await MockResponsesServer.StartAsync(new MockTurn.Text("hi there")))
        {
            var recorded = await codex.ExecAsync("say hi", model.BaseUrl, telemetry);
            Assert.True(recorded.ExitCode == 0, recorded.ToString());
        }

        var recordedId = Assert.Single(CodexRollout.SessionIds(codex.CodexHome));
        await using (var model = await MockResponsesServer.StartAsync(new MockTurn.Failure(500)))
        {
            var failed = await codex.ExecAsync(LostPrompt, model.BaseUrl, telemetry);
            Assert.True(failed.ExitCode != 0, failed.ToString());
        }

        var lostId = Assert.Single(CodexRollout.SessionIds(codex.CodexHome), id => id != recordedId);

        var import = await CliRunner.RunAsync("import", Path.Combine(codex.CodexHome, "sessions"), "--data", data, "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        var summary = JsonNode.Parse(import.Stdout)!;
        Assert.Equal([lostId], summary["new_conversations"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(2, (int)summary["files"]!["rollout"]!);
        Assert.StartsWith("serve (pid ", (string?)summary["via"]);
        Assert.True((long)summary["skipped"]!["recorded"]! > 0);

        var list = JsonNode.Parse((await CliRunner.RunAsync("list", "--data", data, "--json")).Stdout)!.AsArray();
        Assert.Equal(2, list.Count);
        var lost = list.Single(c => (string?)c!["id"] == lostId)!;
        Assert.Equal((LostPrompt, "rollout", 1, 1), ((string?)lost["first_prompt"], (string?)lost["source"], (int)lost["turns"]!, (int)lost["errors"]!));
        Assert.Equal("codex_exec", (string?)lost["originator"]);
        var kept = list.Single(c => (string?)c!["id"] == recordedId)!;
        Assert.Equal(("say hi", "ledger+rollout", 1), ((string?)kept["first_prompt"], (string?)kept["source"], (int)kept["turns"]!));
        Assert.Equal(ResponsesStream.InputTokens, (long)kept["tokens"]!["input"]!);
        Assert.Equal(ResponsesStream.OutputTokens, (long)kept["tokens"]!["output"]!);

        var show = await CliRunner.RunAsync("show", lostId, "--data", data);
        Assert.Contains($"prompt       {LostPrompt}", show.Stdout);
        Assert.Contains("from rollout", show.Stdout);
        var answer = await CliRunner.RunAsync("show", recordedId, "--data", data);
        Assert.Single(answer.Stdout.Split('\n'), l => l.Contains("answer       hi there", StringComparison.Ordinal));

        var again = await CliRunner.RunAsync("import", Path.Combine(codex.CodexHome, "sessions"), "--data", data, "--json");
        Assert.Equal(0, (long)JsonNode.Parse(again.Stdout)!["records"]!);
    }
}
