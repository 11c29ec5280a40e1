using CodexOtel.Indexing;
using CodexOtel.Store;

namespace CodexOtel.Importing;

/// <summary>
/// Indexes the ledger on a thread of its own while an import writes to it, with its own connection to the store:
/// reading, decoding and writing the ledger run beside indexing (two cores) instead of before it. Holds
/// <see cref="IndexLock"/> until finished; meanwhile queries read the index as it grows.
/// </summary>
internal sealed class IndexAlongside : IAsyncDisposable
{
    /// <summary>A few chunks of the import: some being indexed while the next are read and written (2 MiB made the stages wait on each other).</summary>
    private const long MaxPendingBytes = 8 << 20;

    /// <summary>Indexing takes lines at least this often while it keeps up; a longer wait means it will not take these.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(2);

    private readonly IndexLock _lock;
    private readonly IConversationStore _store;
    private readonly WriterProgress _progress = new();
    private readonly Task _indexing;
    private bool _finished;

    private IndexAlongside(string dataDir, IndexLock held, IConversationStore store, CancellationToken cancellationToken)
    {
        _lock = held;
        _store = store;
        _indexing = Task.Factory.StartNew(
            () => new LedgerIndexer(dataDir, store, new LedgerIndexerOptions()).Follow(_progress, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <summary>Starts indexing beside the import; null when another process indexes the folder (it keeps up then).</summary>
    public static IndexAlongside? TryStart(string dataDir, CancellationToken cancellationToken)
    {
        if (IndexLock.TryAcquire(dataDir) is not { } held)
        {
            return null;
        }

        try
        {
            return new IndexAlongside(dataDir, held, ConversationStores.Open(dataDir), cancellationToken);
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Lines of logs the import is about to write as given, with their events.</summary>
    public void WillWrite(IEnumerable<(int Length, UInt128 Hash, LineEvents Events)> lines) => _progress.WillWrite(lines);

    /// <summary>What the import wrote so far is durable.</summary>
    public void Wrote() => _progress.Wrote();

    /// <summary>
    /// Waits while more than <see cref="MaxPendingBytes"/> of what the import wrote waits to be indexed: the two stages
    /// keep pace, which bounds the decoded requests held in memory, and the import ends about when its indexing does.
    /// </summary>
    public async Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (_progress.PendingBytes > MaxPendingBytes && !_indexing.IsCompleted)
        {
            // A failed indexer takes nothing more (FinishAsync reports why); and should lines ever be handed over
            // that the indexer does not recognise, the import goes on rather than wait for them forever.
            var stalled = Task.Delay(StallTimeout, cancellationToken);
            if (await Task.WhenAny(_progress.WaitForIndexingAsync(cancellationToken), _indexing, stalled).ConfigureAwait(false) == stalled)
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The import has written everything: waits until it is indexed (rethrowing what indexing failed with).</summary>
    public async Task FinishAsync()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        _progress.Finished();
        try
        {
            await _indexing.ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>After a failed import: indexes what it wrote, without reporting how that went (the import's failure is what the user sees).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await FinishAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The next catch-up goes on from the index's checkpoint.
        }
    }

    private void Release()
    {
        _store.Dispose();
        _lock.Dispose();
    }
}
