using System.Diagnostics;
using CodexOtel.Codex;
using CodexOtel.Indexing;
using CodexOtel.Store;
using CodexOtel.Tests.E2E;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Store;

namespace CodexOtel.Tests.Indexing;

/// <summary>The real Codex CLI runs a tool turn against the mock model; what the recorder kept is indexed and queried.</summary>
[Collection(RealClientsCollection.Name)]
public sealed class CodexIndexingEndToEndTests
{
    private const string Prompt = "run echo hello";

    [Fact]
    public async Task A_recorded_tool_turn_is_listed_with_its_tool_call_and_tokens_and_its_output_is_searchable()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        await using var model = await MockResponsesServer.StartAsync(
            new MockTurn.ExecCommand("echo hello", CallId: "call_index_1"),
            new MockTurn.Text("it printed hello"));
        using var codex = new CodexRunner();

        var run = await codex.ExecAsync(Prompt, model.BaseUrl, new CodexTelemetry { OtlpBaseUrl = recorder.HttpEndpoint });
        Assert.True(run.ExitCode == 0, run.ToString());

        // serve indexes what it records: a command only reads, and sees the run within about a second.
        using var store = ConversationStores.Open(recorder.DataDir);
        Assert.False(LedgerIndexer.TryCatchUp(recorder.DataDir, store, new LedgerIndexerOptions()), "serve holds the index lock");
        var clock = Stopwatch.StartNew();
        while (store.AllConversations() is not [{ ToolCalls: 1, Turns: 1 }] && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        // Two model responses (the tool call, then the answer), each with the mock's usage.
        var perResponse = new TokenUsage(
            ResponsesStream.InputTokens, ResponsesStream.CachedTokens, ResponsesStream.OutputTokens, ResponsesStream.ReasoningTokens);
        var conversation = Assert.Single(store.AllConversations());
        Assert.Equal((1, 1, 0, Prompt), (conversation.Turns, conversation.ToolCalls, conversation.Denials, conversation.FirstPrompt));
        Assert.Equal(perResponse + perResponse, conversation.Tokens);
        Assert.Equal("codex_exec", conversation.Originator);

        var hit = Assert.Single(store.Search("hello", 20), h => h.Event.Kind == CodexEventKind.ToolResult);
        Assert.Equal((conversation.Id, (int?)1, "call_index_1"), (hit.ConversationId, hit.Turn, hit.Event.CallId));
        Assert.Contains("hello", hit.Event.Detail, StringComparison.Ordinal);
        Assert.Contains("echo hello", hit.Event.Text, StringComparison.Ordinal);

        var events = store.Events(conversation.Id);
        var decision = Assert.Single(events, e => e.Kind == CodexEventKind.ToolDecision);
        Assert.Equal(("exec_command", "approved"), (decision.Tool, decision.Decision));
        Assert.Equal(events.OrderBy(e => e.Time).Select(e => e.Key), events.Select(e => e.Key));
        Assert.Equal("codex.tool_decision", decision.Attributes["event.name"]);
        Assert.Equal("codex_exec", decision.Resource["service.name"]);

        var usage = Assert.Single(store.Usage(null, null, TimeZoneInfo.Utc));
        Assert.Equal((conversation.Id, 1, 2, perResponse + perResponse), (usage.ConversationId, usage.Turns, usage.Responses, usage.Tokens));
        Assert.Equal(Assert.Single(store.Find(conversation.Id[..8]).Conversations).Id, conversation.Id);
    }
}
