using CodexOtel.Codex;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Store;

namespace CodexOtel.Indexing;

/// <summary>
/// Retention's clean-up of the index: the events a logs segment holds are read as the indexer read them and removed
/// (<see cref="IConversationIndexWriter.RemoveEvents"/>), before the segment's files go.
/// </summary>
public static class PrunedSegmentEvents
{
    private const int EventsPerTransaction = 10_000;

    /// <summary>Retention's clean-up step for <see cref="Ledger.Retention.LedgerPruner"/>: removes each pruned segment's events from <paramref name="store"/>.</summary>
    public static Func<LedgerSegment, CancellationToken, Task> BeforeRemoval(IConversationIndexWriter store) => (segment, token) =>
    {
        Remove(store, segment, token);
        return Task.CompletedTask;
    };

    /// <summary>Removes the segment's events from the index; returns the conversations that lost events.</summary>
    public static IReadOnlySet<string> Remove(IConversationIndexWriter store, LedgerSegment segment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(segment);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        using var data = segment.Signal == Signal.Logs ? LedgerReader.OpenData(segment) : null;
        if (data is null)
        {
            return touched;
        }

        using var reader = new LineReader(data);
        var batch = new List<CodexEvent>();
        while (reader.Next() is { Complete: true } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                batch.AddRange(LineEvents.Read(line.Bytes).Events);
            }
            catch (OtlpJsonException)
            {
                continue; // the indexer took nothing from it either
            }

            if (batch.Count >= EventsPerTransaction)
            {
                touched.UnionWith(store.RemoveEvents(batch));
                batch.Clear();
            }
        }

        touched.UnionWith(store.RemoveEvents(batch));
        return touched;
    }
}
