using System.Text.Json.Serialization;
using CodexOtel.Codex;

namespace CodexOtel.Query;

/// <summary>
/// One event of a timeline (or of <c>tail</c>): what happened, when, with what. The JSON leaves out what the event
/// does not have; the few fields marked <see cref="JsonIgnoreAttribute"/> are for the text renderings only and not
/// part of the stable JSON shape.
/// </summary>
public sealed record TimelineItemView
{
    public required DateTimeOffset Time { get; init; }

    [JsonConverter(typeof(SnakeCaseKindConverter))]
    public required CodexEventKind Kind { get; init; }

    /// <summary>The Codex event name, e.g. codex.tool_result.</summary>
    public required string Event { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tool { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CallId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Decision { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DecidedBy { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Success { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DurationMs { get; init; }

    /// <summary>HTTP status of an API request.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TokensView? Tokens { get; init; }

    /// <summary>The prompt, the tool arguments, the agent response.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    /// <summary>Tool output, error message.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Detail { get; init; }

    /// <summary>"ledger" or "rollout".</summary>
    public required string Source { get; init; }

    /// <summary>Whether Codex truncated the tool output.</summary>
    [JsonIgnore]
    public bool? Truncated { get; init; }

    /// <summary>Codex's own USD estimate (codex.turn_cost).</summary>
    [JsonIgnore]
    public decimal? EstimatedUsd { get; init; }

    /// <summary>The model provider a conversation start names.</summary>
    [JsonIgnore]
    public string? Provider { get; init; }

    public static TimelineItemView Of(CodexEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new TimelineItemView
        {
            Time = e.Time.ToUniversalTime(),
            Kind = e.Kind,
            Event = e.Name,
            Model = e.Model,
            Tool = e.Tool,
            CallId = e.CallId,
            Decision = e.Decision,
            DecidedBy = e.DecisionSource,
            Success = e.Success,
            DurationMs = e.DurationMs,
            Status = e.Status,
            Tokens = e.Tokens is { } tokens ? TokensView.Of(tokens) : null,
            Text = e.Text,
            Detail = e.Detail,
            Source = e.Source,
            Truncated = e.Truncated,
            EstimatedUsd = e.EstimatedUsd,
            Provider = e.Kind == CodexEventKind.ConversationStart ? e.Attributes.GetValueOrDefault("provider_name")?.ToString() : null,
        };
    }

    /// <summary>
    /// Whether a person would want a line for it: not bookkeeping (startup phases, stream events, …) and not an API
    /// request that went well (its model response says more).
    /// </summary>
    public bool IsNoteworthy() => Kind switch
    {
        CodexEventKind.Other => false,
        CodexEventKind.ApiRequest => Status is >= 400 || !string.IsNullOrEmpty(Detail),
        _ => true,
    };
}
