using CodexOtel.Codex;
using CodexOtel.Tests.E2E;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Codex;

/// <summary>
/// The real Codex CLI 0.169 against the mock model: what it records (and what its rollout file says) becomes the
/// conversation a person reads, with the exact prompt, tool output, decision, the mock's token counts and their cost.
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class CodexConversationTests
{
    // Every mock response reports 120 input tokens (20 cached) and 30 output tokens (10 reasoning).
    private static readonly TokenUsage OneResponse = new(
        ResponsesStream.InputTokens, ResponsesStream.CachedTokens, ResponsesStream.OutputTokens, ResponsesStream.ReasoningTokens);

    // gpt-5.5 at $5 input, $0.50 cached input, $30 output per 1M tokens: (100 × 5 + 20 × 0.5 + 30 × 30) / 1M.
    private const decimal OneResponseUsd = 0.00141m;

    [Fact]
    public async Task A_text_turn_is_one_turn_with_its_prompt_the_mocks_tokens_and_their_cost()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        await using var model = await MockResponsesServer.StartAsync(new MockTurn.Text("hi there"));
        using var codex = new CodexRunner();

        var run = await codex.ExecAsync("say hi", model.BaseUrl, Telemetry(recorder));

        Assert.True(run.ExitCode == 0, run.ToString());
        var timeline = Assert.Single(Recorded(recorder));
        var s = timeline.Summary;
        Assert.Equal(Assert.Single(CodexRollout.SessionIds(run.CodexHome)), s.Id);
        Assert.Equal(("say hi", 1, 0, 0, 0), (s.FirstPrompt, s.Turns, s.ToolCalls, s.Denials, s.Errors));
        Assert.Equal((CodexConfig.Model, "Mock", "codex_exec", "0.169.0"), (s.Model, s.Provider, s.Originator, s.AppVersion));
        Assert.Equal(("never", "danger-full-access", "ledger"), (s.ApprovalPolicy, s.SandboxPolicy, s.Source));
        Assert.Equal(OneResponse, s.Tokens);
        Assert.Equal(OneResponseUsd, PriceTable.BuiltIn.Cost(s));
        Assert.Equal([0, 1], timeline.Turns.Select(t => t.Number));
        Assert.Equal(
            [CodexEventKind.UserPrompt, CodexEventKind.ApiRequest, CodexEventKind.ModelResponse],
            timeline.Turns[1].Items.Select(e => e.Kind).Where(k => k != CodexEventKind.Other));

        // Its rollout adds the answer, which Codex does not log unless log_agent_responses is on.
        var merged = ConversationTimeline.Build([.. timeline.Events, .. RolloutEvents(run)]);
        Assert.Equal("ledger+rollout", merged.Summary.Source);
        Assert.Equal("hi there", Assert.Single(merged.Events, e => e.Kind == CodexEventKind.AgentResponse).Text);
        Assert.Equal(OneResponse, merged.Summary.Tokens);
    }

    [Fact]
    public async Task A_tool_turn_shows_the_command_its_approval_its_output_and_both_responses()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        await using var model = await MockResponsesServer.StartAsync(
            new MockTurn.ExecCommand("echo hello", CallId: "call_tool_1"),
            new MockTurn.Text("it printed hello"));
        using var codex = new CodexRunner();

        var run = await codex.ExecAsync("RUN_TOOL: please run echo hello", model.BaseUrl, Telemetry(recorder));

        Assert.True(run.ExitCode == 0, run.ToString());
        var timeline = Assert.Single(Recorded(recorder));
        var turn = timeline.Turns[^1];
        Assert.Equal("RUN_TOOL: please run echo hello", turn.Prompt!.Text);
        var decision = Assert.Single(turn.Items, e => e.Kind == CodexEventKind.ToolDecision);
        Assert.Equal(("exec_command", "call_tool_1", "approved", "Config"), (decision.Tool, decision.CallId, decision.Decision, decision.DecisionSource));
        var tool = Assert.Single(turn.Items, e => e.Kind == CodexEventKind.ToolResult);
        Assert.Equal(("exec_command", "call_tool_1", "{\"cmd\":\"echo hello\"}", true), (tool.Tool, tool.CallId, tool.Text, tool.Success));
        Assert.EndsWith("Output:\nhello\n", tool.Detail, StringComparison.Ordinal);
        Assert.True(tool.DurationMs >= 0);
        Assert.True(decision.Time <= tool.Time);

        var s = timeline.Summary;
        Assert.Equal((1, 1, 0, 0), (s.Turns, s.ToolCalls, s.Denials, s.Errors));
        Assert.Equal(OneResponse + OneResponse, s.Tokens);
        Assert.Equal(2 * OneResponseUsd, PriceTable.BuiltIn.Cost(s));

        // The rollout alone tells the same story.
        var fromRollout = ConversationTimeline.Build(RolloutEvents(run));
        var rolloutTool = Assert.Single(fromRollout.Events, e => e.Kind == CodexEventKind.ToolResult);
        Assert.Equal((tool.CallId, tool.Text, tool.Detail), (rolloutTool.CallId, rolloutTool.Text, rolloutTool.Detail));
        Assert.Equal((s.Id, s.FirstPrompt, s.Tokens, "rollout"), (fromRollout.Summary.Id, fromRollout.Summary.FirstPrompt, fromRollout.Summary.Tokens, fromRollout.Summary.Source));
        Assert.Equal("it printed hello", Assert.Single(fromRollout.Events, e => e.Kind == CodexEventKind.AgentResponse).Text);
    }

    /// <summary>
    /// <c>codex exec</c> cannot ask for approval (it runs with approval "never" whatever the config says; "untrusted"
    /// is refused outright), so it never logs a denied codex.tool_decision. What it can do is refuse a command its exec
    /// policy forbids: that leaves only a failed codex.tool_result whose output says "Rejected(…)".
    /// </summary>
    [Fact]
    public async Task A_command_the_exec_policy_forbids_is_counted_as_denied_by_policy_and_never_runs()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        await using var model = await MockResponsesServer.StartAsync(
            new MockTurn.ExecCommand("touch made.txt", CallId: "call_denied"),
            new MockTurn.Text("I was not allowed to"));
        using var codex = new CodexRunner();
        var rules = Directory.CreateDirectory(Path.Combine(codex.CodexHome, "rules")).FullName;
        await File.WriteAllTextAsync(Path.Combine(rules, "default.rules"), "prefix_rule(pattern = [\"touch\"], decision = \"forbidden\")\n");

        var run = await codex.ExecAsync("please create made.txt", model.BaseUrl, Telemetry(recorder));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.False(File.Exists(Path.Combine(codex.WorkDir, "made.txt")));
        var timeline = Assert.Single(Recorded(recorder));
        Assert.DoesNotContain(timeline.Events, e => e.Kind == CodexEventKind.ToolDecision);
        var tool = Assert.Single(timeline.Events, e => e.Kind == CodexEventKind.ToolResult);
        Assert.Equal(("call_denied", false, "denied", "policy"), (tool.CallId, tool.Success, tool.Decision, tool.DecisionSource));
        Assert.Contains("policy forbids commands starting with `touch`", tool.Detail, StringComparison.Ordinal);
        Assert.Equal((1, 1, 1, 0), (timeline.Summary.Turns, timeline.Summary.ToolCalls, timeline.Summary.Denials, timeline.Summary.Errors));

        var fromRollout = ConversationTimeline.Build(RolloutEvents(run)).Summary;
        Assert.Equal((1, 1, 0), (fromRollout.ToolCalls, fromRollout.Denials, fromRollout.Errors));
    }

    [Fact]
    public async Task A_run_that_fails_exports_none_of_its_turn_but_its_rollout_yields_the_conversation_with_the_exact_prompt()
    {
        const string Prompt = "please refactor the parser — it's “slow”";
        await using var recorder = await InProcessRecorder.StartAsync();
        await using var model = await MockResponsesServer.StartAsync(new MockTurn.Failure(500));
        using var codex = new CodexRunner();

        var run = await codex.ExecAsync(Prompt, model.BaseUrl, Telemetry(recorder));

        Assert.True(run.ExitCode != 0, run.ToString());

        // Codex drops what it has not exported when a run fails. Its exporter's timer may have sent the start before
        // (seen on a busy machine), but the failed model call never arrives: only the rollout knows the turn.
        Assert.All(Recorded(recorder), t => Assert.DoesNotContain(t.Events, e => e.Kind is CodexEventKind.ApiRequest or CodexEventKind.ModelResponse));
        var timeline = ConversationTimeline.Build(RolloutEvents(run));
        var s = timeline.Summary;
        Assert.Equal(Assert.Single(CodexRollout.SessionIds(run.CodexHome)), s.Id);
        Assert.Equal((Prompt, "rollout", 1, 1), (s.FirstPrompt, s.Source, s.Turns, s.Errors));
        Assert.Equal((CodexConfig.Model, "codex_exec", "never", "danger-full-access"), (s.Model, s.Originator, s.ApprovalPolicy, s.SandboxPolicy));
        Assert.Equal(TokenUsage.Zero, s.Tokens);
        Assert.Equal(0m, PriceTable.BuiltIn.Cost(s));
        var error = Assert.Single(timeline.Events, e => e.Name == CodexNames.RolloutTurnError);
        Assert.False(string.IsNullOrEmpty(error.Detail));
        Assert.Equal(RolloutEvents(run).Select(e => e.Key), RolloutEvents(run).Select(e => e.Key));
    }

    private static CodexTelemetry Telemetry(InProcessRecorder recorder) => new() { OtlpBaseUrl = recorder.HttpEndpoint, Protocol = "json" };

    private static List<ConversationTimeline> Recorded(InProcessRecorder recorder) =>
    [
        .. recorder.ReadLedger().LogRequests
            .SelectMany(CodexNormaliser.FromLogs)
            .GroupBy(e => e.ConversationId)
            .Select(g => ConversationTimeline.Build(g)),
    ];

    private static List<CodexEvent> RolloutEvents(CodexRun run) => [.. CodexRollout.Files(run.CodexHome).SelectMany(RolloutReader.Read)];
}
