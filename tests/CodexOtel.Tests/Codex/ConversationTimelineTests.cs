using System.Text;
using CodexOtel.Codex;
using CodexOtel.Otlp.Json;
using CodexOtel.Tests.E2E.Support;
using static CodexOtel.Tests.Codex.CodexRecords;

namespace CodexOtel.Tests.Codex;

public sealed class ConversationTimelineTests
{
    [Fact]
    public void Events_in_any_order_become_turns_opened_by_each_prompt_after_a_turn_zero_of_what_came_before()
    {
        var events = Normalise(
            Event("codex.conversation_starts", 0, ("provider_name", "Mock"), ("approval_policy", "never"), ("sandbox_policy", "danger-full-access"), ("reasoning_effort", "high")),
            Event("codex.user_prompt", 100, ("prompt", "RUN_TOOL: please run echo hello")),
            Event("codex.api_request", 110, ("http.response.status_code", 200), ("duration_ms", "13")),
            ResponseCompleted(189)[1],
            Event("codex.tool_decision", 200, ("tool_name", "exec_command"), ("call_id", "c1"), ("decision", "approved"), ("source", "Config")),
            Event("codex.tool_result", 220, ("tool_name", "exec_command"), ("call_id", "c1"), ("success", "true"), ("output", "hello\n")),
            ResponseCompleted(300)[1],
            Event("codex.user_prompt", 1000, ("prompt", "thanks")),
            ResponseCompleted(1100)[1]);
        events.Reverse();

        var timeline = ConversationTimeline.Build(events);

        Assert.Equal([0, 1, 2], timeline.Turns.Select(t => t.Number));
        Assert.Equal([CodexEventKind.ConversationStart], timeline.Turns[0].Items.Select(e => e.Kind));
        Assert.Equal("RUN_TOOL: please run echo hello", timeline.Turns[1].Prompt!.Text);
        Assert.Equal(
            [CodexEventKind.UserPrompt, CodexEventKind.ApiRequest, CodexEventKind.ModelResponse, CodexEventKind.ToolDecision,
             CodexEventKind.ToolResult, CodexEventKind.ModelResponse],
            timeline.Turns[1].Items.Select(e => e.Kind));
        Assert.Equal(new TokenUsage(2400, 200, 40, 10), timeline.Turns[1].Tokens);
        Assert.Equal("thanks", timeline.Turns[2].Prompt!.Text);
        Assert.Equal(timeline.Events.OrderBy(e => e.Time).Select(e => e.Key), timeline.Events.Select(e => e.Key));

        var s = timeline.Summary;
        Assert.Equal((ConversationId, T0, T0.AddMilliseconds(1100.1)), (s.Id, s.Started, s.Ended));
        Assert.Equal(("gpt-5", "Mock", "codex_exec", "0.169.0", "xterm"), (s.Model, s.Provider, s.Originator, s.AppVersion, s.Terminal));
        Assert.Equal(("never", "danger-full-access", "high"), (s.ApprovalPolicy, s.SandboxPolicy, s.ReasoningEffort));
        Assert.Equal((2, 1, 0, 0), (s.Turns, s.ToolCalls, s.Denials, s.Errors));
        Assert.Equal(new TokenUsage(3600, 300, 60, 15), s.Tokens);
        Assert.Equal(new TokenUsage(3600, 300, 60, 15), s.TokensByModel["gpt-5"]);
        Assert.Equal(("RUN_TOOL: please run echo hello", "ledger"), (s.FirstPrompt, s.Source));
    }

    [Fact]
    public void A_conversation_without_events_before_its_first_prompt_has_no_turn_zero()
    {
        var timeline = ConversationTimeline.Build(Normalise(Event("codex.user_prompt", 0, ("prompt", "hi")), ResponseCompleted(10)[1]));

        Assert.Equal(1, Assert.Single(timeline.Turns).Number);
        Assert.Equal(1, timeline.Summary.Turns);
        Assert.Equal("medium", timeline.Summary.ReasoningEffort); // from the response when the start does not say
    }

    [Fact]
    public void Denials_count_denied_and_aborted_decisions_and_policy_rejections_once_per_call_and_are_not_errors()
    {
        var summary = ConversationTimeline.Build(Normalise(
            Event("codex.user_prompt", 0, ("prompt", "do things")),
            Event("codex.tool_decision", 1, ("call_id", "a"), ("decision", "denied"), ("source", "User")),
            Event("codex.tool_result", 2, ("call_id", "a"), ("success", "false"), ("output", "exec command rejected by user")),
            Event("codex.tool_decision", 3, ("call_id", "b"), ("decision", "abort"), ("source", "User")),
            Event("codex.tool_result", 4, ("call_id", "c"), ("success", "false"), ("output", "exec_command failed: CreateProcess { message: \"Rejected(\\\"blocked by policy\\\")\" }")),
            Event("codex.tool_decision", 5, ("call_id", "d"), ("decision", "approved_for_session"), ("source", "User")))).Summary;

        Assert.Equal((2, 3, 0), (summary.ToolCalls, summary.Denials, summary.Errors));
    }

    [Fact]
    public void Errors_are_failed_api_requests_failed_tools_and_events_with_an_error_message()
    {
        var summary = ConversationTimeline.Build(Normalise(
            Event("codex.user_prompt", 0, ("prompt", "go")),
            Event("codex.api_request", 1, ("http.response.status_code", 500), ("error.message", "boom")),
            Event("codex.api_request", 2, ("http.response.status_code", "429")),
            Event("codex.api_request", 3, ("http.response.status_code", 200)),
            Event("codex.websocket_request", 4, ("success", "false"), ("error.message", "closed")),
            Event("codex.sse_event", 5, ("event.kind", "response.failed"), ("error.message", "overloaded")),
            Event("codex.tool_result", 6, ("call_id", "x"), ("success", "false"), ("output", "exit 1")),
            Event("codex.tool_result", 7, ("call_id", "y"), ("success", "true"), ("output", "ok")))).Summary;

        Assert.Equal(5, summary.Errors);
    }

    [Fact]
    public void Recorded_telemetry_is_preferred_and_its_rollout_only_adds_what_the_telemetry_lacks()
    {
        var ledger = FixtureLedger();
        var rollout = FixtureRollout();

        var timeline = ConversationTimeline.Build([.. rollout, .. ledger]);

        // Codex did not log agent responses (log_agent_responses is off): the answer comes from the rollout.
        Assert.Equal("ledger+rollout", timeline.Summary.Source);
        var added = Assert.Single(timeline.Events, e => e.Source == "rollout");
        Assert.Equal((CodexEventKind.AgentResponse, "it printed hello"), (added.Kind, added.Text));
        Assert.Equal(ledger.Count + 1, timeline.Events.Count);
        Assert.Equal((1, 1, new TokenUsage(240, 40, 60, 20)), (timeline.Summary.Turns, timeline.Summary.ToolCalls, timeline.Summary.Tokens));
        Assert.Equal("Mock", timeline.Summary.Provider); // the telemetry's display name, not the rollout's provider id
    }

    [Fact]
    public void Rollout_events_outside_the_span_the_telemetry_covers_fill_in_a_lost_part_of_the_conversation()
    {
        var ledger = FixtureLedger();
        var rollout = FixtureRollout();
        var later = rollout.Select(e => e with { Key = e.Key + "-later", Time = e.Time.AddMinutes(5) }).ToList();

        var timeline = ConversationTimeline.Build([.. ledger, .. rollout, .. later]);

        Assert.Equal(2, timeline.Summary.Turns);
        Assert.Equal(2, timeline.Summary.ToolCalls);
        Assert.Equal(new TokenUsage(480, 80, 120, 40), timeline.Summary.Tokens);
    }

    [Fact]
    public void A_conversation_known_only_from_its_rollout_is_built_from_it_alone()
    {
        var timeline = ConversationTimeline.Build(FixtureRollout());

        var s = timeline.Summary;
        Assert.Equal(("rollout", "please tool", "gpt-5.5", "codex_exec", "0.169.0"), (s.Source, s.FirstPrompt, s.Model, s.Originator, s.AppVersion));
        Assert.Equal(("never", "danger-full-access", "mock"), (s.ApprovalPolicy, s.SandboxPolicy, s.Provider));
        Assert.Equal((1, 1, new TokenUsage(240, 40, 60, 20)), (s.Turns, s.ToolCalls, s.Tokens));
    }

    [Fact]
    public void The_same_event_given_twice_is_shown_once()
    {
        var events = Normalise(Event("codex.user_prompt", 0, ("prompt", "hi")), ResponseCompleted(10)[1]);

        var timeline = ConversationTimeline.Build([.. events, .. events]);

        Assert.Equal(2, timeline.Events.Count);
        Assert.Equal(new TokenUsage(1200, 100, 20, 5), timeline.Summary.Tokens);
    }

    [Fact]
    public void Events_of_two_conversations_or_none_are_refused()
    {
        var a = Normalise(Event("codex.user_prompt", 0, ("prompt", "hi")));
        var b = a[0] with { ConversationId = "other", Key = "k2" };

        Assert.Throws<ArgumentException>(() => ConversationTimeline.Build([a[0], b]));
        Assert.Throws<ArgumentException>(() => ConversationTimeline.Build([]));
    }

    private static List<CodexEvent> Normalise(params OpenTelemetry.Proto.Logs.V1.LogRecord[] records) =>
        [.. CodexNormaliser.FromLogs(Request(records))];

    private static List<CodexEvent> FixtureLedger() =>
    [
        .. File.ReadAllLines(RepoRoot.Combine("tests", "CodexOtel.Tests", "Codex", "Fixtures", "ledger-tool-turn.logs.jsonl"))
            .SelectMany(l => CodexNormaliser.FromLogs(OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(l)))),
    ];

    private static List<CodexEvent> FixtureRollout() =>
        [.. RolloutReader.Read(RepoRoot.Combine("tests", "CodexOtel.Tests", "Codex", "Fixtures", "rollout-tool-turn.jsonl"))];
}
