using CodexOtel.Codex;

namespace CodexOtel.Store;

/// <summary>
/// What the store keeps of a conversation besides its events: the summary <c>list</c> shows, plus what usage and
/// search need from the conversation's timeline.
/// </summary>
/// <param name="Summary">The summary.</param>
public sealed record IndexedConversation(ConversationSummary Summary)
{
    /// <summary>
    /// The events the summary counts (the timeline's, after merging telemetry with rollout files): usage per day
    /// sums their prompts and model responses, so it agrees with the summary.
    /// </summary>
    public IReadOnlyList<CodexEvent> Events { get; init; } = [];

    /// <summary>When each turn started, so a search hit can name its turn.</summary>
    public IReadOnlyList<TurnStart> Turns { get; init; } = [];

    /// <summary>Who sent its records, so that a list can be filtered by key.</summary>
    public IReadOnlyList<ConversationSender> Senders { get; init; } = [];
}

/// <summary>The start of a turn: 0 for what came before the first prompt, then 1, 2, ….</summary>
public readonly record struct TurnStart(int Number, DateTimeOffset Started);
