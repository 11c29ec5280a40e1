using CodexOtel.Codex;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Codex;

public sealed class RolloutReaderTests
{
    private const string Id = "01a20a10-c98b-7892-a4e1-d6ffec44ba09";
    private const string FileName = "rollout-2026-11-23T20-20-02-" + Id + ".jsonl";

    private static readonly string ToolTurn = File.ReadAllText(
        RepoRoot.Combine("tests", "CodexOtel.Tests", "Codex", "Fixtures", "rollout-tool-turn.jsonl"));

    [Fact]
    public void A_real_tool_turn_rollout_yields_start_prompt_tool_result_responses_and_answer()
    {
        var events = Read(ToolTurn);

        Assert.Equal(
            [CodexEventKind.ConversationStart, CodexEventKind.UserPrompt, CodexEventKind.ToolResult, CodexEventKind.ModelResponse,
             CodexEventKind.AgentResponse, CodexEventKind.ModelResponse],
            events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal((Id, "rollout", "gpt-5.5"), (e.ConversationId, e.Source, e.Model)));

        var start = events[0];
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T20:20:02.104Z", System.Globalization.CultureInfo.InvariantCulture), start.Time);
        Assert.Equal(("mock", "never", "danger-full-access"), (Attr(start, "provider_name"), Attr(start, "approval_policy"), Attr(start, "sandbox_policy")));
        Assert.Equal(("codex_exec", "0.169.0"), ((string?)start.Resource["service.name"], (string?)start.Resource["service.version"]));

        Assert.Equal("please tool", events[1].Text); // not the <environment_context> Codex injects as a user message

        var tool = events[2];
        Assert.Equal(("exec_command", "call_x", "{\"cmd\":\"echo hello\"}"), (tool.Tool, tool.CallId, tool.Text));
        Assert.Equal("Chunk ID: 481da8\nWall time: 0.0000 seconds\nProcess exited with code 0\nOriginal token count: 2\nOutput:\nhello\n", tool.Detail);
        Assert.Equal(51.0, tool.DurationMs); // from the function_call line to its output line
        Assert.Null(tool.Success);

        Assert.All([events[3], events[5]], e => Assert.Equal(new TokenUsage(120, 20, 30, 10), e.Tokens));
        Assert.Equal("it printed hello", events[4].Text);
    }

    [Fact]
    public void Reading_again_or_after_codex_appended_lines_gives_the_same_keys()
    {
        var first = Read(ToolTurn).Select(e => e.Key).ToList();
        var again = Read(ToolTurn).Select(e => e.Key).ToList();
        var appended = Read(ToolTurn + Line("2026-11-23T20:25:00.000Z", "response_item",
            """{"type":"message","role":"user","content":[{"type":"input_text","text":"and again"}]}""")).Select(e => e.Key).ToList();

        Assert.Equal(first, again);
        Assert.Equal(first, appended[..first.Count]);
        Assert.Equal(first.Count + 1, appended.Distinct().Count());
    }

    [Fact]
    public void Malformed_lines_unknown_types_and_lines_without_time_are_skipped()
    {
        var text = "not json\n{\"timestamp\":\"2026-11-23T20:20:02.000Z\",\"type\":\"brand_new\",\"payload\":{}}\n" +
                   "{\"type\":\"response_item\",\"payload\":{\"type\":\"message\",\"role\":\"user\",\"content\":\"no time\"}}\n" +
                   ToolTurn + "{\"timestamp\":\"2026-11-23T20:30:00.000Z\",\"type\":\"response_item\",\"payl";

        Assert.Equal(Read(ToolTurn).Select(e => e.Key), Read(text).Select(e => e.Key));
    }

    [Fact]
    public void A_repeated_token_count_with_an_unchanged_total_is_the_same_response_counted_once()
    {
        var usage = """{"input_tokens":100,"cached_input_tokens":0,"output_tokens":10,"reasoning_output_tokens":0,"total_tokens":110}""";
        var count = $$$"""{"type":"token_count","info":{"total_token_usage":{{{usage}}},"last_token_usage":{{{usage}}}}}""";
        var text = Meta() + Line("2026-11-23T20:20:03.000Z", "event_msg", count) + Line("2026-11-23T20:20:03.500Z", "event_msg", count)
                   + Line("2026-11-23T20:20:04.000Z", "event_msg", """{"type":"token_count","info":null}""");

        var response = Assert.Single(Read(text), e => e.Kind == CodexEventKind.ModelResponse);
        Assert.Equal(new TokenUsage(100, 0, 10, 0), response.Tokens);
    }

    [Fact]
    public void A_failed_turn_keeps_its_prompt_and_the_error_once()
    {
        var text = Meta() + Context()
                   + Line("2026-11-23T20:20:03.031Z", "response_item", """{"type":"message","role":"user","content":[{"type":"input_text","text":"please fail"}]}""")
                   + Line("2026-11-23T20:20:03.078Z", "event_msg",
                       """{"type":"task_complete","last_agent_message":null,"error":{"message":"We’re currently experiencing high demand","codex_error_info":"internal_server_error"}}""");

        var events = Read(text);

        Assert.Equal([CodexEventKind.ConversationStart, CodexEventKind.UserPrompt, CodexEventKind.Other], events.Select(e => e.Kind));
        Assert.Equal("please fail", events[1].Text);
        Assert.Equal((CodexNames.RolloutTurnError, "We’re currently experiencing high demand"), (events[2].Name, events[2].Detail));
    }

    [Fact]
    public void A_command_the_exec_policy_rejected_is_a_failed_tool_result_denied_by_policy()
    {
        var text = Meta() + Context()
                   + Line("2026-11-23T20:20:03.000Z", "response_item", """{"type":"function_call","name":"exec_command","arguments":"{\"cmd\":\"touch made.txt\"}","call_id":"call_d"}""")
                   + Line("2026-11-23T20:20:03.020Z", "response_item",
                       """{"type":"function_call_output","call_id":"call_d","output":"exec_command failed: CreateProcess { message: \"Rejected(\\\"`/bin/bash -lc 'touch made.txt'` rejected: policy forbids commands starting with `touch`\\\")\" }"}""");

        var tool = Assert.Single(Read(text), e => e.Kind == CodexEventKind.ToolResult);

        Assert.Equal((false, "denied", "policy"), (tool.Success, tool.Decision, tool.DecisionSource));
    }

    [Fact]
    public void Older_output_objects_and_calls_a_turn_left_unanswered_are_read()
    {
        var text = Meta() + Context()
                   + Line("2026-11-23T20:20:03.000Z", "response_item", """{"type":"function_call","name":"shell","arguments":"{}","call_id":"a"}""")
                   + Line("2026-11-23T20:20:03.100Z", "response_item", """{"type":"function_call_output","call_id":"a","output":{"content":"boom","success":false}}""")
                   + Line("2026-11-23T20:20:04.000Z", "response_item", """{"type":"function_call","name":"shell","arguments":"{\"x\":1}","call_id":"b"}""")
                   + Line("2026-11-23T20:20:05.000Z", "event_msg", """{"type":"turn_aborted","reason":"interrupted"}""")
                   + Line("2026-11-23T20:20:06.000Z", "response_item", """{"type":"function_call","name":"shell","arguments":"{}","call_id":"still-running"}""");

        var tools = Read(text).Where(e => e.Kind == CodexEventKind.ToolResult).ToList();

        Assert.Equal(["a", "b"], tools.Select(t => t.CallId));
        Assert.Equal(("boom", false), (tools[0].Detail, tools[0].Success));
        Assert.Equal(((string?)null, (double?)null), (tools[1].Detail, tools[1].DurationMs));
    }

    [Fact]
    public void Injected_context_is_not_a_prompt_even_in_rollouts_without_provenance_labels()
    {
        var text = Meta()
                   + Line("2026-11-23T20:20:03.000Z", "response_item", """{"type":"message","role":"user","content":[{"type":"input_text","text":"<environment_context>\n  <cwd>/w</cwd>\n</environment_context>"}]}""")
                   + Line("2026-11-23T20:20:03.001Z", "response_item", """{"type":"message","role":"user","content":[{"type":"input_text","text":"# AGENTS.md instructions for /w\n\n<INSTRUCTIONS>be nice</INSTRUCTIONS>"}]}""")
                   + Line("2026-11-23T20:20:03.002Z", "response_item", """{"type":"message","role":"user","content":[{"type":"input_text","text":"fix the "},{"type":"input_text","text":"bug"}]}""");

        var prompt = Assert.Single(Read(text), e => e.Kind == CodexEventKind.UserPrompt);

        Assert.Equal("fix the bug", prompt.Text);
    }

    [Fact]
    public void Without_a_session_meta_line_the_conversation_id_comes_from_the_file_name()
    {
        var text = Line("2026-11-23T20:20:03.000Z", "response_item", """{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}""");

        Assert.Equal(Id, Assert.Single(Read(text)).ConversationId);
        Assert.Equal(Id, RolloutReader.IdFromFileName("/x/sessions/2026/11/23/" + FileName));
        Assert.Null(RolloutReader.IdFromFileName("notes.jsonl"));
    }

    private static List<CodexEvent> Read(string text) => [.. RolloutReader.Read(new StringReader(text), FileName)];

    private static string? Attr(CodexEvent e, string key) => e.Attributes.TryGetValue(key, out var v) ? v as string : null;

    private static string Meta() => Line("2026-11-23T20:20:02.104Z", "session_meta",
        $$"""{"id":"{{Id}}","timestamp":"2026-11-23T20:20:02.064Z","cwd":"/w","originator":"codex_exec","cli_version":"0.169.0","model_provider":"openai"}""");

    private static string Context() => Line("2026-11-23T20:20:02.194Z", "turn_context",
        """{"turn_id":"t1","cwd":"/w","approval_policy":"never","model":"gpt-5","sandbox_policy":{"type":"read-only"}}""");

    private static string Line(string time, string type, string payload) =>
        $$"""{"timestamp":"{{time}}","type":"{{type}}","payload":{{payload}}}""" + "\n";
}
