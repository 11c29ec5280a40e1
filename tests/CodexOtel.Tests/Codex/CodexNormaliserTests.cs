using System.Text;
using CodexOtel.Codex;
using CodexOtel.Otlp.Json;
using CodexOtel.Tests.E2E.Support;
using OpenTelemetry.Proto.Common.V1;
using static CodexOtel.Tests.Codex.CodexRecords;

namespace CodexOtel.Tests.Codex;

public sealed class CodexNormaliserTests
{
    [Fact]
    public void A_tool_result_with_string_typed_numbers_has_its_duration_success_arguments_and_output()
    {
        var e = Single(Event(
            "codex.tool_result", 150,
            ("tool_result_seq", 1), ("tool_name", "exec_command"), ("tool_namespace", "functions"), ("call_id", "call_1"),
            ("duration_ms", "19"), ("success", "true"), ("output_truncated", false), ("agent_name", "/root"),
            ("arguments", "{\"cmd\":\"echo hello\"}"), ("output", "Process exited with code 0\nOutput:\nhello\n"),
            ("mcp_server", ""), ("mcp_server_origin", "")));

        Assert.Equal(CodexEventKind.ToolResult, e.Kind);
        Assert.Equal(("exec_command", "call_1", true, 19.0, false), (e.Tool, e.CallId, e.Success, e.DurationMs, e.Truncated));
        Assert.Equal("{\"cmd\":\"echo hello\"}", e.Text);
        Assert.Equal("Process exited with code 0\nOutput:\nhello\n", e.Detail);
        Assert.Null(e.Decision);
    }

    [Fact]
    public void Of_the_two_response_completed_records_only_the_one_with_token_counts_is_a_model_response()
    {
        var events = Normalise(ResponseCompleted(89, input: 1200, cached: 100, output: 20, reasoning: 5));

        Assert.Equal([CodexEventKind.Other, CodexEventKind.ModelResponse], events.Select(e => e.Kind));
        var response = events[1];
        Assert.Equal(new TokenUsage(Input: 1200, CachedInput: 100, Output: 20, Reasoning: 5), response.Tokens);
        Assert.Equal(1220, response.Tokens!.Value.Total); // tool_token_count is this total, not something to add
        Assert.Null(events[0].Tokens);
        Assert.Equal("gpt-5", response.Model);
    }

    [Fact]
    public void Token_counts_arriving_as_ints_doubles_or_strings_read_the_same()
    {
        var e = Single(Event(
            "codex.sse_event", 0, ("event.kind", "response.completed"),
            ("input_token_count", 300L), ("output_token_count", 40.0), ("cached_token_count", "100"), ("reasoning_token_count", " 7 ")));

        Assert.Equal(new TokenUsage(300, 100, 40, 7), e.Tokens);
    }

    [Fact]
    public void The_debug_record_without_an_event_name_and_a_record_without_a_conversation_yield_nothing()
    {
        var anonymous = new OpenTelemetry.Proto.Logs.V1.LogRecord { ObservedTimeUnixNano = Nanos(T0) };
        Add(anonymous, "event.name", "codex.user_prompt");

        Assert.Empty(Normalise(FlushingMetrics(), anonymous));
    }

    [Fact]
    public void Time_comes_from_observed_time_when_time_is_zero_and_from_event_timestamp_when_both_are()
    {
        var observed = Event("codex.user_prompt", 250.5, ("prompt", "hi"));
        var onlyStamp = Event("codex.user_prompt", 300, ("prompt", "hi again"));
        onlyStamp.ObservedTimeUnixNano = 0;
        var explicitTime = Event("codex.user_prompt", 400, ("prompt", "third"));
        explicitTime.TimeUnixNano = Nanos(T0.AddSeconds(9));
        var timeless = Event("codex.user_prompt", 500, ("prompt", "lost"));
        timeless.ObservedTimeUnixNano = 0;
        timeless.Attributes.Remove(timeless.Attributes.Single(a => a.Key == "event.timestamp"));

        var events = Normalise(observed, onlyStamp, explicitTime, timeless);

        Assert.Equal([T0.AddTicks(2_505_000), T0.AddMilliseconds(300), T0.AddSeconds(9)], events.Select(e => e.Time));
    }

    [Fact]
    public void An_api_request_has_its_status_attempt_latency_and_error_whatever_their_types()
    {
        var failed = Single(Event(
            "codex.api_request", 10, ("duration_ms", "13"), ("http.response.status_code", "500"), ("attempt", 1),
            ("endpoint", "/responses"), ("error.message", "server error")));
        var ok = Single(Event("codex.api_request", 10, ("duration_ms", 15.5), ("http.response.status_code", 200), ("attempt", "0")));

        Assert.Equal((CodexEventKind.ApiRequest, 500, 13.0, "server error"), (failed.Kind, failed.Status, failed.DurationMs, failed.Detail));
        Assert.Equal((200, 15.5, (string?)null), (ok.Status, ok.DurationMs, ok.Detail));
        Assert.Equal(1L, failed.Attributes["attempt"]);
        Assert.Equal("0", ok.Attributes["attempt"]);
    }

    [Theory]
    [InlineData("approved", "Config")]
    [InlineData("approved_for_session", "User")]
    [InlineData("denied", "User")]
    [InlineData("abort", "User")]
    public void A_tool_decision_says_what_was_decided_and_by_whom(string decision, string source)
    {
        var e = Single(Event("codex.tool_decision", 1, ("tool_name", "exec_command"), ("call_id", "call_9"), ("decision", decision), ("source", source)));

        Assert.Equal((CodexEventKind.ToolDecision, decision, source, "call_9", "exec_command"), (e.Kind, e.Decision, e.DecisionSource, e.CallId, e.Tool));
    }

    [Fact]
    public void A_command_rejected_by_the_exec_policy_is_a_failed_tool_result_denied_by_policy()
    {
        var e = Single(Event(
            "codex.tool_result", 1, ("tool_name", "exec_command"), ("call_id", "call_d"), ("success", "false"),
            ("output", "exec_command failed: CreateProcess { message: \"Rejected(\\\"`/bin/bash -lc 'touch made.txt'` rejected: policy forbids commands starting with `touch`\\\")\" }")));

        Assert.Equal((false, "denied", "policy"), (e.Success, e.Decision, e.DecisionSource));
    }

    [Fact]
    public void A_sandbox_outcome_is_another_event_that_says_what_the_sandbox_did()
    {
        var e = Single(Event("codex.sandbox_outcome", 1, ("tool_name", "exec_command"), ("call_id", "call_d"), ("outcome", "denied"), ("initial_duration_ms", 87)));

        Assert.Equal((CodexEventKind.Other, "denied", "sandbox", "call_d"), (e.Kind, e.Decision, e.DecisionSource, e.CallId));
    }

    [Fact]
    public void Prompts_agent_responses_and_turn_costs_fill_text_turn_and_estimate()
    {
        var events = Normalise(
            Event("codex.user_prompt", 1, ("prompt_length", "11"), ("prompt", "please tool")),
            Event("codex.agent_response", 2, ("turn.id", "turn-1"), ("response", "it printed hello"), ("response_truncated", "false")),
            Event("codex.turn_cost", 3, ("turn.id", "turn-1"), ("usage.estimated_usd", "0.0123"), ("turn.interrupted", false)));

        Assert.Equal([CodexEventKind.UserPrompt, CodexEventKind.AgentResponse, CodexEventKind.TurnCost], events.Select(e => e.Kind));
        Assert.Equal("please tool", events[0].Text);
        Assert.Equal(("it printed hello", "turn-1", false), (events[1].Text, events[1].TurnId, events[1].Truncated));
        Assert.Equal((0.0123m, "turn-1"), (events[2].EstimatedUsd, events[2].TurnId));
    }

    [Fact]
    public void Every_attribute_is_kept_with_its_type_and_lists_and_maps_become_json()
    {
        var list = new AnyValue { ArrayValue = new ArrayValue { Values = { Value("a"), Value(2L) } } };
        var map = new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "k", Value = Value(true) } } } };
        var e = Single(Event("codex.conversation_starts", 0, ("provider_name", "OpenAI"), ("context_window", 272000), ("ratio", 0.5),
            ("auth.env_openai_api_key_present", false), ("mcp_servers", list), ("extra", map)));

        Assert.Equal("OpenAI", e.Attributes["provider_name"]);
        Assert.Equal(272000L, e.Attributes["context_window"]);
        Assert.Equal(0.5, e.Attributes["ratio"]);
        Assert.Equal(false, e.Attributes["auth.env_openai_api_key_present"]);
        Assert.Equal("[\"a\",2]", e.Attributes["mcp_servers"]);
        Assert.Equal("{\"k\":true}", e.Attributes["extra"]);
        Assert.Equal("codex.conversation_starts", e.Attributes["event.name"]);
        Assert.Equal(CodexEventKind.ConversationStart, e.Kind);
        Assert.Equal(("codex_exec", "0.169.0", "dev"), ((string?)e.Resource["service.name"], (string?)e.Resource["service.version"], (string?)e.Resource["env"]));
    }

    [Fact]
    public void Trace_and_span_ids_are_hex_and_null_when_the_record_has_none()
    {
        var withIds = Event("codex.user_prompt", 0, ("prompt", "x"));
        withIds.TraceId = Id("995638d5d86cb5e4bc239383d1f21307");
        withIds.SpanId = Id("8f76347b7d694ff5");
        var zeros = Event("codex.sse_event", 0, ("event.kind", "response.created"));
        zeros.TraceId = Id("00000000000000000000000000000000");

        var events = Normalise(withIds, zeros);

        Assert.Equal(("995638d5d86cb5e4bc239383d1f21307", "8f76347b7d694ff5"), (events[0].TraceId, events[0].SpanId));
        Assert.Equal(((string?)null, (string?)null), (events[1].TraceId, events[1].SpanId));
    }

    [Fact]
    public void The_same_record_seen_twice_gets_the_same_key_whatever_the_order_of_its_attributes()
    {
        var record = Event("codex.tool_result", 5, ("call_id", "c1"), ("output", "hello"), ("success", "true"));
        var reordered = record.Clone();
        var attributes = reordered.Attributes.Reverse().ToList();
        reordered.Attributes.Clear();
        reordered.Attributes.AddRange(attributes);
        var later = record.Clone();
        later.ObservedTimeUnixNano += 1;
        var otherOutput = Event("codex.tool_result", 5, ("call_id", "c1"), ("output", "hellO"), ("success", "true"));

        var keys = Normalise(record, record.Clone(), reordered, later, otherOutput).Select(e => e.Key).ToList();

        Assert.Equal(32, keys[0].Length);
        Assert.Equal([keys[0], keys[0]], [keys[1], keys[2]]);
        Assert.NotEqual(keys[0], keys[3]);
        Assert.NotEqual(keys[0], keys[4]);
    }

    [Fact]
    public void Real_codex_telemetry_from_the_ledger_normalises_to_the_tool_turn_it_recorded()
    {
        var lines = File.ReadAllLines(RepoRoot.Combine("tests", "CodexOtel.Tests", "Codex", "Fixtures", "ledger-tool-turn.logs.jsonl"));
        var events = lines.SelectMany(l => CodexNormaliser.FromLogs(OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(l)))).ToList();

        Assert.Equal(17, events.Count); // 18 records: the DEBUG "flushing OTEL metrics" one is not an event
        Assert.All(events, e => Assert.Equal("01a20a10-c98b-7892-a4e1-d6ffec44ba09", e.ConversationId));
        Assert.Equal("please tool", Assert.Single(events, e => e.Kind == CodexEventKind.UserPrompt).Text);
        Assert.Equal(2, events.Count(e => e.Kind == CodexEventKind.ModelResponse));
        Assert.All(events.Where(e => e.Kind == CodexEventKind.ModelResponse), e => Assert.Equal(new TokenUsage(120, 20, 30, 10), e.Tokens));
        var decision = Assert.Single(events, e => e.Kind == CodexEventKind.ToolDecision);
        Assert.Equal(("approved", "Config", "call_x"), (decision.Decision, decision.DecisionSource, decision.CallId));
        var tool = Assert.Single(events, e => e.Kind == CodexEventKind.ToolResult);
        Assert.Equal(("{\"cmd\":\"echo hello\"}", true, 46.0), (tool.Text, tool.Success, tool.DurationMs));
        Assert.EndsWith("Output:\nhello\n", tool.Detail, StringComparison.Ordinal);
        Assert.Equal(events.Count, events.Select(e => e.Key).Distinct().Count());
    }

    private static List<CodexEvent> Normalise(params OpenTelemetry.Proto.Logs.V1.LogRecord[] records) =>
        [.. CodexNormaliser.FromLogs(Request(records))];

    private static CodexEvent Single(OpenTelemetry.Proto.Logs.V1.LogRecord record) => Assert.Single(Normalise(record));
}
