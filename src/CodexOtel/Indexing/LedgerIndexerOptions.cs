using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Indexing;

/// <summary>How the indexer reads the ledger and what it makes of the records. The defaults are what codex-otel uses.</summary>
public sealed record LedgerIndexerOptions
{
    /// <summary>Ledger lines per transaction, at most about this many bytes.</summary>
    public int BatchBytes { get; init; } = 8 << 20;

    /// <summary>
    /// How often <c>serve</c> tries again for <see cref="IndexLock"/> while a command holds it. The lock is held across
    /// processes, so this is waited for by polling; new lines are not (the ledger's commits wake the indexer).
    /// </summary>
    public TimeSpan LockRetryInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// During a long catch-up, summaries are brought up to date at least every this many bytes of lines (the events of
    /// conversations new since the last refresh are held in memory until then). 8 MiB, not more: events held longer
    /// outlive the young generations, and the full collections that then reclaim them stopped an import for a sixth of
    /// its time at 32 MiB (a third of that at 8 MiB).
    /// </summary>
    public long SummaryIntervalBytes { get; init; } = 8L << 20;

    /// <summary>… and at least this often, so that conversations show up in lists while a long catch-up runs.</summary>
    public TimeSpan SummaryInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A conversation's summary, usage and turns from all its stored events, in time order.</summary>
    public Func<IReadOnlyList<CodexEvent>, IndexedConversation> Summarise { get; init; } = Timelines.Index;
}
