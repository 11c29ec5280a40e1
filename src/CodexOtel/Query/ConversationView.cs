using System.Text.Json.Serialization;
using CodexOtel.Codex;

namespace CodexOtel.Query;

/// <summary>
/// One conversation at a glance, priced: an entry of <c>list</c>. Properties are in the order of the <c>--json</c>
/// shape (README); times are UTC. Not sealed only because <see cref="TimelineView"/> is these fields plus the timeline.
/// </summary>
public record ConversationView
{
    public required string Id { get; init; }

    public required DateTimeOffset Started { get; init; }

    public required DateTimeOffset Ended { get; init; }

    public long DurationMs => (long)Duration.TotalMilliseconds;

    public string? Model { get; init; }

    public string? Provider { get; init; }

    public string? Originator { get; init; }

    public string? AppVersion { get; init; }

    public string? ApprovalPolicy { get; init; }

    public string? SandboxPolicy { get; init; }

    public int Turns { get; init; }

    public int ToolCalls { get; init; }

    public int Denials { get; init; }

    public int Errors { get; init; }

    public TokensView Tokens { get; init; }

    /// <summary>USD, priced per model; null when a model that used tokens has no price (never 0 for unknown).</summary>
    public decimal? CostUsd { get; init; }

    public string? FirstPrompt { get; init; }

    /// <summary>"ledger", "rollout", or "ledger+rollout".</summary>
    public required string Source { get; init; }

    /// <summary>Exact, for the tables (<see cref="DurationMs"/> is whole milliseconds).</summary>
    [JsonIgnore]
    public TimeSpan Duration => Ended - Started;

    /// <summary>The terminal Codex ran in; the text timeline shows it, the JSON shape does not have it.</summary>
    [JsonIgnore]
    public string? Terminal { get; init; }

    public static ConversationView Of(ConversationSummary summary, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(prices);
        return new ConversationView
        {
            Id = summary.Id,
            Started = summary.Started.ToUniversalTime(),
            Ended = summary.Ended.ToUniversalTime(),
            Model = summary.Model,
            Provider = summary.Provider,
            Originator = summary.Originator,
            AppVersion = summary.AppVersion,
            ApprovalPolicy = summary.ApprovalPolicy,
            SandboxPolicy = summary.SandboxPolicy,
            Turns = summary.Turns,
            ToolCalls = summary.ToolCalls,
            Denials = summary.Denials,
            Errors = summary.Errors,
            Tokens = TokensView.Of(summary.Tokens),
            CostUsd = prices.Cost(summary),
            FirstPrompt = summary.FirstPrompt,
            Source = summary.Source,
            Terminal = summary.Terminal,
        };
    }
}
