using CodexOtel.Consumers;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Store;

namespace CodexOtel.Indexing;

/// <summary>
/// The indexer as a consumer of the ledger inside <c>serve</c>: takes <see cref="IndexLock"/> (waiting while a command
/// holds it), opens the store, then indexes each batch the host hands it. Lines are decoded on the host's read-ahead
/// task while the previous batch is applied; the checkpoint is the store's, committed in the batch's transaction, so
/// each line is indexed exactly once; summaries are brought up to date during long catch-ups and whenever it has
/// caught up.
/// </summary>
internal sealed class IndexConsumer(string dataDir, Func<IConversationStore> openStore, LedgerIndexerOptions options, ILogger log)
    : ILedgerConsumer<DecodedBatch>, ILedgerCheckpointStore
{
    private IndexLock? _lock;
    private IConversationStore? _store;
    private LedgerIndexer? _indexer;

    /// <summary>Told each time the index has caught up with the ledger (the dashboard's pages then refresh).</summary>
    public Action? CaughtUp { get; init; }

    public string Name => "index";

    public Signal Signal => Signal.Logs;

    public int BatchBytes => options.BatchBytes;

    public ILedgerCheckpointStore Checkpoints => this;

    private LedgerIndexer Indexer => _indexer ?? throw new InvalidOperationException("the index consumer has not started");

    public async ValueTask<bool> StartAsync(CancellationToken cancellationToken)
    {
        while ((_lock = IndexLock.TryAcquire(dataDir)) is null)
        {
            await Task.Delay(options.LockRetryInterval, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            _store = openStore();
        }
        catch (Exception e) when (e is StoreSchemaException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            // Recording goes on without an index; queries say what is wrong when they open it.
            log.LogError(e, "cannot open the conversation index in {DataDir}; not indexing", dataDir);
            return false;
        }

        _indexer = new LedgerIndexer(dataDir, _store, options, log);
        return true;
    }

    public DecodedBatch Prepare(IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken) =>
        Indexer.Decode(lines, claims: null, cancellationToken);

    public ValueTask ConsumeAsync(DecodedBatch batch, LedgerCheckpoint after, CancellationToken cancellationToken)
    {
        Indexer.Apply(batch, cancellationToken);
        return ValueTask.CompletedTask;
    }

    public ValueTask CaughtUpAsync(CancellationToken cancellationToken)
    {
        Indexer.RefreshSummaries(cancellationToken);
        CaughtUp?.Invoke();
        return ValueTask.CompletedTask;
    }

    public ValueTask StopAsync()
    {
        _store?.Dispose();
        _lock?.Dispose();
        return ValueTask.CompletedTask;
    }

    public LedgerCheckpoint? Load() => Indexer.Checkpoint;

    /// <summary>Nothing to do: <see cref="LedgerIndexer.Apply"/> committed the checkpoint with the batch's events.</summary>
    public void Save(LedgerCheckpoint checkpoint)
    {
    }
}
