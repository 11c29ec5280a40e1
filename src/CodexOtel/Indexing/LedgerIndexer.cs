using System.Diagnostics;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodexOtel.Indexing;

/// <summary>
/// Keeps the store up to date with the ledger's logs stream: reads durable lines from the store's checkpoint,
/// normalises them into Codex events, applies them batch by batch (events and checkpoint in one transaction), then
/// rebuilds the summaries of the conversations that changed. Only the holder of <see cref="IndexLock"/> may run one.
/// </summary>
public sealed class LedgerIndexer
{
    /// <summary>The checkpoint name of the logs stream in the store.</summary>
    public const string LogsStream = "logs";

    private static readonly TimeSpan ErrorDelay = TimeSpan.FromSeconds(5);

    private readonly IConversationStore _store;
    private readonly LedgerIndexerOptions _options;
    private readonly LedgerTailer _tailer;
    private readonly LogLineDecoder _decoder;
    private readonly SummaryRefresher _summaries;
    private readonly ILogger _log;

    public LedgerIndexer(string dataDir, IConversationStore store, LedgerIndexerOptions options, ILogger? log = null)
    {
        _store = store;
        _options = options;
        _log = log ?? NullLogger.Instance;
        _tailer = new LedgerTailer(dataDir, Signal.Logs);
        _decoder = new LogLineDecoder(_log);
        _summaries = new SummaryRefresher(store, options.Summarise, _log);
    }

    /// <summary>Indexes every line durable now; returns how many lines that was.</summary>
    public int CatchUp(CancellationToken cancellationToken = default) => Index(null, cancellationToken);

    /// <summary>
    /// Indexes while a writer in this process appends to the ledger: every line durable now, then what the writer
    /// reports, until it has finished and everything it wrote is indexed. Returns how many lines that was.
    /// </summary>
    public int Follow(WriterProgress writer, CancellationToken cancellationToken = default) => Index(writer, cancellationToken);

    private int Index(WriterProgress? writer, CancellationToken cancellationToken)
    {
        var lines = 0;
        var bytesSinceSummaries = 0L;
        var fresh = new FreshConversations();
        var lastSummaries = Stopwatch.StartNew();
        // While the store applies one batch, the next is read and decoded on the other cores.
        var next = ReadAhead(_store.ReadCheckpoint(LogsStream), writer, cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = next.GetAwaiter().GetResult();
                if (batch.Lines == 0)
                {
                    if (writer is null || !writer.WaitForMore(cancellationToken))
                    {
                        break;
                    }

                    next = ReadAhead(batch.After, writer, cancellationToken);
                    continue;
                }

                next = ReadAhead(batch.After, writer, cancellationToken);
                fresh.Add(_store, batch.Events);
                _store.Apply(batch.Events, LogsStream, batch.After);
                lines += batch.Lines;
                bytesSinceSummaries += batch.Bytes;
                if (bytesSinceSummaries >= _options.SummaryIntervalBytes || lastSummaries.Elapsed >= _options.SummaryInterval)
                {
                    _summaries.Refresh(fresh, cancellationToken);
                    bytesSinceSummaries = 0;
                    lastSummaries.Restart();
                }
            }
        }
        finally
        {
            // Never leave a read-ahead running past the call; its result, or failure, no longer matters.
            Task.WaitAny(next);
            _ = next.Exception;
        }

        // Also finishes what a crash between a batch and its summaries left stale.
        _summaries.Refresh(fresh, cancellationToken);
        return lines;
    }

    /// <summary>Catches up, then polls for new lines until cancelled. Errors are logged and retried.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var indexed = 0;
            var wait = _options.PollInterval;
            try
            {
                indexed = await Task.Run(() => CatchUp(cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogError(e, "indexing the ledger failed; retrying in {Delay}", ErrorDelay);
                wait = ErrorDelay;
            }

            if (indexed == 0)
            {
                try
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Rebuilds the index from the whole ledger; returns the lines indexed.</summary>
    public int Reindex(CancellationToken cancellationToken = default)
    {
        _store.Reset();
        return CatchUp(cancellationToken);
    }

    private Task<DecodedBatch> ReadAhead(LedgerCheckpoint? from, WriterProgress? writer, CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            // Lines the writer handed over are claimed as they are read: their events come with them.
            var lines = _tailer.ReadNext(from, _options.BatchBytes, writer is null ? null : writer.Take);
            return lines.Count == 0
                ? new DecodedBatch(0, 0, from, [])
                : new DecodedBatch(lines.Count, lines.Sum(l => (long)l.Length), lines[^1].After, _decoder.Decode(lines, cancellationToken));
        },
        cancellationToken);

    /// <summary>
    /// For CLI commands: catches up when no other process indexes the folder (serve not running) and returns true;
    /// returns false at once when one does, since it keeps the store current.
    /// </summary>
    public static bool TryCatchUp(
        string dataDir, IConversationStore store, LedgerIndexerOptions options, CancellationToken cancellationToken = default, ILogger? log = null)
    {
        using var held = IndexLock.TryAcquire(dataDir);
        if (held is null)
        {
            return false;
        }

        new LedgerIndexer(dataDir, store, options, log).CatchUp(cancellationToken);
        return true;
    }

    /// <summary>For <c>codex-otel reindex</c>: rebuilds the index unless another process indexes the folder (then false).</summary>
    public static bool TryReindex(
        string dataDir, IConversationStore store, LedgerIndexerOptions options, CancellationToken cancellationToken = default, ILogger? log = null)
    {
        using var held = IndexLock.TryAcquire(dataDir);
        if (held is null)
        {
            return false;
        }

        new LedgerIndexer(dataDir, store, options, log).Reindex(cancellationToken);
        return true;
    }

    /// <summary>
    /// For <c>serve</c>: takes <see cref="IndexLock"/> (waiting while a CLI command holds it), then indexes until
    /// cancelled.
    /// </summary>
    public static async Task RunLockedAsync(
        string dataDir, Func<IConversationStore> openStore, LedgerIndexerOptions options, ILogger log, CancellationToken cancellationToken)
    {
        IndexLock? held;
        while ((held = IndexLock.TryAcquire(dataDir)) is null)
        {
            try
            {
                await Task.Delay(options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        using (held)
        {
            IConversationStore store;
            try
            {
                store = openStore();
            }
            catch (Exception e) when (e is StoreSchemaException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
            {
                // Recording goes on without an index; queries say what is wrong when they open it.
                log.LogError(e, "cannot open the conversation index in {DataDir}; not indexing", dataDir);
                return;
            }

            using (store)
            {
                await new LedgerIndexer(dataDir, store, options, log).RunAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
