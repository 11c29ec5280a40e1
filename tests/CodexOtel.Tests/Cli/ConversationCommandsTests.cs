using System.Diagnostics;
using System.Text.Json.Nodes;
using CodexOtel.Store;
using CodexOtel.Tests.E2E;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Store;

namespace CodexOtel.Tests.Cli;

/// <summary>The real Codex runs a tool turn into a real <c>serve</c>; the query commands answer what it did.</summary>
[Collection(RealClientsCollection.Name)]
public sealed class ConversationCommandsTests
{
    private const string Prompt = "please run echo hello in the shell";

    // Two model responses (the tool call, then the answer), each with the mock's usage.
    private const int Input = 2 * ResponsesStream.InputTokens;
    private const int Cached = 2 * ResponsesStream.CachedTokens;
    private const int Output = 2 * ResponsesStream.OutputTokens;
    private const int Reasoning = 2 * ResponsesStream.ReasoningTokens;

    // gpt-5.5: $5.00 input, $0.50 cached input, $30.00 output per million tokens.
    private const decimal Cost = ((Input - Cached) * 5.00m + Cached * 0.50m + Output * 30.00m) / 1_000_000m;

    [Fact]
    public async Task List_show_search_and_usage_answer_what_codex_did_while_serve_runs()
    {
        using var dir = new TempDirectory("cli");
        await using var server = await ServerProcess.StartAsync(dir.Path);
        await RunToolTurnAsync(server.HttpEndpoint);
        var acknowledged = Stopwatch.StartNew();
        using (var store = ConversationStores.Open(dir.Path))
        {
            while (store.AllConversations().Count == 0 && acknowledged.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(20);
            }
        }

        Assert.True(acknowledged.Elapsed < TimeSpan.FromSeconds(1), $"indexed only {acknowledged.Elapsed} after Codex's export was acknowledged");
        var list = await WaitForConversationAsync(dir.Path);
        var conversation = Assert.Single(list.AsArray())!;
        Assert.Equal(1, (int)conversation["turns"]!);
        Assert.Equal(1, (int)conversation["tool_calls"]!);
        Assert.Equal(0, (int)conversation["denials"]!);
        Assert.Equal(Input, (long)conversation["tokens"]!["input"]!);
        Assert.Equal(Cached, (long)conversation["tokens"]!["cached_input"]!);
        Assert.Equal(Output, (long)conversation["tokens"]!["output"]!);
        Assert.Equal(Reasoning, (long)conversation["tokens"]!["reasoning"]!);
        Assert.Equal(Cost, (decimal)conversation["cost_usd"]!);
        Assert.Equal(Prompt, (string?)conversation["first_prompt"]);
        Assert.Equal("codex_exec", (string?)conversation["originator"]);

        var show = await CliRunner.RunAsync("show", "1", "--data", dir.Path);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains($"prompt       {Prompt}", show.Stdout);
        Assert.Contains("decision     exec_command · approved (by config)", show.Stdout);
        Assert.Contains("tool         exec_command", show.Stdout);
        Assert.Contains("│ hello", show.Stdout);
        Assert.DoesNotContain("Chunk ID", show.Stdout);
        Assert.Contains($"in {ResponsesStream.InputTokens} ({ResponsesStream.CachedTokens} cached)", show.Stdout);

        var byPrefix = await CliRunner.RunAsync("show", ((string)conversation["id"]!)[..8], "--data", dir.Path, "--json");
        Assert.Equal((string?)conversation["id"], (string?)JsonNode.Parse(byPrefix.Stdout)!["id"]);

        var search = await CliRunner.RunAsync("search", "hello", "--data", dir.Path, "--json");
        var hits = JsonNode.Parse(search.Stdout)!.AsArray();
        Assert.Contains(hits, h => (string?)h!["tool"] == "exec_command");
        Assert.Contains(hits, h => (string?)h!["event"] == "codex.user_prompt");

        var usage = JsonNode.Parse((await CliRunner.RunAsync("usage", "--data", dir.Path, "--json")).Stdout)!;
        Assert.Equal(Input, (long)usage["total"]!["tokens"]!["input"]!);
        Assert.Equal(Cost, (decimal)usage["total"]!["cost_usd"]!);

        var table = await CliRunner.RunAsync("list", "--data", dir.Path);
        Assert.Contains(Prompt, table.Stdout);
        Assert.Contains("1 conversation · ", table.Stdout);
    }

    [Fact]
    public async Task Query_commands_index_the_ledger_themselves_when_serve_is_not_running()
    {
        using var dir = new TempDirectory("cli");
        await using (var server = await ServerProcess.StartAsync(dir.Path))
        {
            await RunToolTurnAsync(server.HttpEndpoint);
            Assert.Equal(0, await server.StopAsync());
        }

        // The index is derived data: without it (and without serve) the command rebuilds it from the ledger.
        foreach (var index in Directory.GetFiles(dir.Path, "index.sqlite*"))
        {
            File.Delete(index);
        }

        var list = await CliRunner.RunAsync("list", "--data", dir.Path, "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(Prompt, (string?)JsonNode.Parse(list.Stdout)!.AsArray().Single()!["first_prompt"]);
    }

    [Fact]
    public async Task Unknown_or_ambiguous_ids_and_an_empty_ledger_are_explained()
    {
        using var dir = new TempDirectory("cli");

        var empty = await CliRunner.RunAsync("list", "--data", dir.Path);
        CliRunner.AssertUserError(empty, "nothing has been recorded");
        Assert.Contains("codex-otel serve", empty.Stderr);

        await using var server = await ServerProcess.StartAsync(dir.Path);
        await RunToolTurnAsync(server.HttpEndpoint);
        await WaitForConversationAsync(dir.Path);
        var unknown = await CliRunner.RunAsync("show", "zzzz", "--data", dir.Path);
        CliRunner.AssertUserError(unknown, "no conversation \"zzzz\"");
    }

    private static async Task RunToolTurnAsync(Uri otlp)
    {
        await using var model = await MockResponsesServer.StartAsync(new MockTurn.ExecCommand("echo hello"), new MockTurn.Text("it printed hello"));
        using var codex = new CodexRunner();
        var run = await codex.ExecAsync(Prompt, model.BaseUrl, new CodexTelemetry { OtlpBaseUrl = otlp, Protocol = "binary" });
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    private static async Task<JsonNode> WaitForConversationAsync(string dataDir)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var list = await CliRunner.RunAsync("list", "--data", dataDir, "--json");
            Assert.True(list.ExitCode == 0, list.ToString());
            var json = JsonNode.Parse(list.Stdout)!;
            if (json.AsArray().Count > 0 || deadline.Elapsed > TimeSpan.FromSeconds(5))
            {
                return json;
            }

            await Task.Delay(100);
        }
    }
}
