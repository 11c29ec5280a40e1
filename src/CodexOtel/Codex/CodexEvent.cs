using System.Collections.ObjectModel;

namespace CodexOtel.Codex;

/// <summary>What a Codex telemetry record means, in the words the CLI speaks.</summary>
public enum CodexEventKind
{
    /// <summary>codex.conversation_starts: model, provider, policies.</summary>
    ConversationStart,

    /// <summary>codex.user_prompt: starts a turn.</summary>
    UserPrompt,

    /// <summary>codex.api_request: one HTTP call to the model API (latency, status, attempt, error).</summary>
    ApiRequest,

    /// <summary>codex.sse_event of kind response.completed with token counts: the model's answer to one request.</summary>
    ModelResponse,

    /// <summary>codex.tool_decision: approved, approved_for_session, denied or abort, and by whom.</summary>
    ToolDecision,

    /// <summary>codex.tool_result: arguments, output, duration, success.</summary>
    ToolResult,

    /// <summary>codex.agent_response (opt-in): the assistant's text.</summary>
    AgentResponse,

    /// <summary>codex.turn_cost (app-server): Codex's own cost estimate for a turn.</summary>
    TurnCost,

    /// <summary>Any other codex.* event (sse_event, startup_phase, turn_ttft, …): kept, shown in raw views.</summary>
    Other,
}

/// <summary>Token counts; input includes cached input, output includes reasoning (as Codex reports them).</summary>
public readonly record struct TokenUsage(long Input, long CachedInput, long Output, long Reasoning)
{
    public static TokenUsage Zero => default;

    public long Total => Input + Output;

    public static TokenUsage operator +(TokenUsage a, TokenUsage b) =>
        new(a.Input + b.Input, a.CachedInput + b.CachedInput, a.Output + b.Output, a.Reasoning + b.Reasoning);
}

/// <summary>
/// One normalised Codex telemetry record. <see cref="Key"/> identifies it across re-imports (the same record from the
/// ledger, from a collector file or from a rollout file yields the same key), so indexing is idempotent.
/// </summary>
public sealed record CodexEvent
{
    /// <summary>Stable identity of the record (a hash of what makes it unique).</summary>
    public required string Key { get; init; }

    public required string ConversationId { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required CodexEventKind Kind { get; init; }

    /// <summary>The Codex event name, e.g. codex.tool_result.</summary>
    public required string Name { get; init; }

    /// <summary>Model, where the record names one.</summary>
    public string? Model { get; init; }

    /// <summary>Links decision, result and spans of one tool call.</summary>
    public string? CallId { get; init; }

    public string? Tool { get; init; }

    /// <summary>
    /// The tool decision: approved, approved_for_session, denied, abort. Also "denied" on a ToolResult whose command
    /// Codex's exec policy rejected (source "policy"), and the sandbox's outcome on a codex.sandbox_outcome (source "sandbox").
    /// </summary>
    public string? Decision { get; init; }

    /// <summary>Who decided: Config, User, … ("policy" and "sandbox" as above).</summary>
    public string? DecisionSource { get; init; }

    public bool? Success { get; init; }

    public double? DurationMs { get; init; }

    /// <summary>HTTP status of an API request.</summary>
    public int? Status { get; init; }

    public TokenUsage? Tokens { get; init; }

    /// <summary>Codex's own USD estimate (codex.turn_cost).</summary>
    public decimal? EstimatedUsd { get; init; }

    /// <summary>Searchable text: the prompt, the tool arguments, the agent response.</summary>
    public string? Text { get; init; }

    /// <summary>Searchable detail: tool output, error message.</summary>
    public string? Detail { get; init; }

    public bool? Truncated { get; init; }

    /// <summary>Every attribute of the record, values as strings or numbers, for raw views.</summary>
    public required IReadOnlyDictionary<string, object?> Attributes { get; init; }

    /// <summary>Resource attributes (service.name, service.version, env, host.name, …).</summary>
    // Shared when there are none: a map made for every event, then replaced by the one it is given, was an allocation per event.
    public IReadOnlyDictionary<string, object?> Resource { get; init; } = ReadOnlyDictionary<string, object?>.Empty;

    /// <summary>Where it came from: "ledger" or "rollout".</summary>
    public string Source { get; init; } = "ledger";

    /// <summary>Trace and span ids when the record carries them (hex).</summary>
    public string? TraceId { get; init; }

    public string? SpanId { get; init; }

    /// <summary>codex.agent_response and codex.turn_cost name the turn.</summary>
    public string? TurnId { get; init; }
}
