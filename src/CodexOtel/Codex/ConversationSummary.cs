namespace CodexOtel.Codex;

/// <summary>
/// One conversation at a glance: what <c>list</c> shows and the store keeps per conversation. Produced by
/// <c>ConversationTimeline</c> from the conversation's events (contract shared by the normaliser, the store and the CLI).
/// </summary>
public sealed record ConversationSummary
{
    public required string Id { get; init; }

    public required DateTimeOffset Started { get; init; }

    public required DateTimeOffset Ended { get; init; }

    public TimeSpan Duration => Ended - Started;

    public string? Model { get; init; }

    public string? Provider { get; init; }

    /// <summary>codex_exec, codex_cli_rs, codex-app-server, …</summary>
    public string? Originator { get; init; }

    public string? AppVersion { get; init; }

    public string? Terminal { get; init; }

    public string? ApprovalPolicy { get; init; }

    public string? SandboxPolicy { get; init; }

    public string? ReasoningEffort { get; init; }

    public int Turns { get; init; }

    public int ToolCalls { get; init; }

    public int Denials { get; init; }

    public int Errors { get; init; }

    public TokenUsage Tokens { get; init; }

    /// <summary>Tokens per model, so cost can be priced per model (a conversation may switch models).</summary>
    public IReadOnlyDictionary<string, TokenUsage> TokensByModel { get; init; } = new Dictionary<string, TokenUsage>();

    public string? FirstPrompt { get; init; }

    /// <summary>"ledger", "rollout", or "ledger+rollout".</summary>
    public string Source { get; init; } = "ledger";
}
