using System.Globalization;
using System.Text;
using CodexOtel.Codex;
using CodexOtel.Indexing;
using CodexOtel.Store;

namespace CodexOtel.Tests.Store;

/// <summary>Hand-built Codex events and summaries, and a canonical text form to compare them.</summary>
internal static class StoreTestData
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 18, 39, 11, TimeSpan.Zero);

    private static readonly Dictionary<string, object?> SharedResource = new()
    {
        ["service.name"] = "codex_exec",
        ["service.version"] = "0.169.0",
        ["host.name"] = "box",
    };

    public static CodexEvent Event(
        string conversation, CodexEventKind kind, DateTimeOffset time, string? text = null, string? detail = null,
        string? model = "gpt-5", TokenUsage? tokens = null, string? key = null) => new()
        {
            Key = key ?? $"{conversation}/{kind}/{time.UtcTicks}",
            ConversationId = conversation,
            Time = time,
            Kind = kind,
            Name = "codex." + kind.ToString().ToLowerInvariant(),
            Model = model,
            Text = text,
            Detail = detail,
            Tokens = tokens,
            Attributes = new Dictionary<string, object?>
            {
                ["event.name"] = "codex." + kind.ToString().ToLowerInvariant(),
                ["conversation.id"] = conversation,
                ["attempt"] = 1L,
                ["duration_ms"] = "42",
                ["ratio"] = 2.0,
                ["flag"] = true,
                ["list"] = new List<object?> { "a", 1L, null },
                ["map"] = new Dictionary<string, object?> { ["k"] = "v" },
            },
            Resource = SharedResource,
        };

    /// <summary>A conversation: start, prompt, model response with tokens, tool decision and result, answer.</summary>
    public static List<CodexEvent> Conversation(string id, DateTimeOffset start, string prompt = "please run echo hello", string model = "gpt-5")
    {
        var tokens = new TokenUsage(120, 20, 30, 10);
        return
        [
            Event(id, CodexEventKind.ConversationStart, start, model: model),
            Event(id, CodexEventKind.UserPrompt, start.AddMilliseconds(100), text: prompt, model: model),
            Event(id, CodexEventKind.ModelResponse, start.AddMilliseconds(300), model: model, tokens: tokens),
            Event(id, CodexEventKind.ToolDecision, start.AddMilliseconds(310), model: model) with
            {
                Tool = "exec_command", CallId = "call_1", Decision = "approved", DecisionSource = "Config",
            },
            Event(id, CodexEventKind.ToolResult, start.AddMilliseconds(350), text: "{\"cmd\":\"echo hello\"}",
                detail: "hello from the shell\n", model: model) with
            {
                Tool = "exec_command", CallId = "call_1", Success = true, DurationMs = 19.5, Truncated = false,
            },
            Event(id, CodexEventKind.ModelResponse, start.AddMilliseconds(600), model: model, tokens: tokens),
            Event(id, CodexEventKind.AgentResponse, start.AddMilliseconds(610), text: "The command printed hello", model: model) with
            {
                TurnId = "turn-1", TraceId = "0af7651916cd43dd8448eb211c80319c", SpanId = "b7ad6b7169203331",
            },
        ];
    }

    /// <summary>What the indexer would summarise from <see cref="Conversation"/>.</summary>
    public static ConversationSummary Summary(string id, DateTimeOffset start, string prompt = "please run echo hello", string model = "gpt-5") => new()
    {
        Id = id,
        Started = start,
        Ended = start.AddMilliseconds(610),
        Model = model,
        Provider = "Mock",
        Originator = "codex_exec",
        AppVersion = "0.169.0",
        Terminal = "xterm",
        ApprovalPolicy = "never",
        SandboxPolicy = "danger-full-access",
        ReasoningEffort = "medium",
        Turns = 1,
        ToolCalls = 1,
        Tokens = new TokenUsage(240, 40, 60, 20),
        TokensByModel = new Dictionary<string, TokenUsage> { [model] = new TokenUsage(240, 40, 60, 20) },
        FirstPrompt = prompt,
    };

    /// <summary>A conversation as the indexer keeps it: its timeline's summary, usage and turns.</summary>
    public static IndexedConversation Indexed(IReadOnlyList<CodexEvent> events) => Timelines.Index(events);

    /// <summary>Summaries alone, as the store keeps them for conversations without usage.</summary>
    public static IEnumerable<IndexedConversation> Only(params ConversationSummary[] summaries) =>
        summaries.Select(s => new IndexedConversation(s));

    /// <summary>Every field, attributes and resource included, as text: equal texts mean equal events.</summary>
    public static string Describe(CodexEvent e) => string.Join(
        " | ",
        e.Key, e.ConversationId, e.Time.UtcTicks, e.Kind, e.Name, e.Model, e.CallId, e.Tool, e.Decision, e.DecisionSource,
        e.Success, e.DurationMs?.ToString(CultureInfo.InvariantCulture), e.Status, e.Tokens, e.EstimatedUsd, e.Text, e.Detail,
        e.Truncated, e.Source, e.TraceId, e.SpanId, e.TurnId, Describe(e.Attributes), Describe(e.Resource));

    public static string Describe(ConversationSummary s) =>
        (s with { TokensByModel = new Dictionary<string, TokenUsage>() }).ToString()
        + string.Join(",", s.TokensByModel.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    public static string Describe(IReadOnlyDictionary<string, object?> map)
    {
        var text = new StringBuilder("{");
        foreach (var (key, value) in map)
        {
            text.Append(key).Append('=').Append(DescribeValue(value)).Append(';');
        }

        return text.Append('}').ToString();
    }

    private static string DescribeValue(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IReadOnlyDictionary<string, object?> map => Describe(map),
        IEnumerable<object?> list => "[" + string.Join(",", list.Select(DescribeValue)) + "]",
        _ => $"{value.GetType().Name}:{Convert.ToString(value, CultureInfo.InvariantCulture)}",
    };
}
