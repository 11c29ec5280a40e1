using CodexOtel.Indexing;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Store;

namespace CodexOtel.Importing;

/// <summary>Brings the conversation index up to date with the ledger after (and during) an import.</summary>
internal static class IndexCatchUp
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Without serve: indexes the ledger here, waiting while another command holds the index lock. With serve: waits
    /// until serve has indexed everything durable now. False when that did not happen within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<bool> RunAsync(string dataDir, IConversationStore store, bool indexedByServe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var tailer = new LedgerTailer(dataDir, Signal.Logs);
        while (true)
        {
            if (indexedByServe
                    ? IsCurrent(tailer, store)
                    : LedgerIndexer.TryCatchUp(dataDir, store, new LedgerIndexerOptions(), cancellationToken))
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    // Nothing durable past the index's checkpoint, and every changed conversation summarised.
    private static bool IsCurrent(LedgerTailer tailer, IConversationStore store) =>
        tailer.ReadNext(store.ReadCheckpoint(LedgerIndexer.LogsStream), maxBytes: 1).Count == 0
        && store.StaleConversations().Count == 0;
}
