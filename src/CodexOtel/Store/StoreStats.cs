namespace CodexOtel.Store;

/// <summary>How much the store holds.</summary>
/// <param name="Conversations">Conversations with a summary.</param>
/// <param name="Events">Events stored.</param>
/// <param name="LastEventBySource">Time of the newest event per source ("ledger", "rollout").</param>
public sealed record StoreStats(long Conversations, long Events, IReadOnlyDictionary<string, DateTimeOffset> LastEventBySource);
