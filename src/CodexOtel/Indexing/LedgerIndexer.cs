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
/// Commands run it to catch up; inside <c>serve</c> it follows the ledger as a consumer (<see cref="IndexConsumer"/>).
/// </summary>
public sealed class LedgerIndexer
{
    /// <summary>The checkpoint name of the logs stream in the store.</summary>
    public const string LogsStream = "logs";

    private readonly IConversationStore _store;
    private readonly LedgerIndexerOptions _options;
    private readonly LedgerTailer _tailer;
    private readonly LogLineDecoder _decoder;
    private readonly SummaryRefresher _summaries;
    private readonly FreshConversations _fresh = new();
    private readonly Stopwatch _sinceSummaries = Stopwatch.StartNew();
    private long _bytesSinceSummaries;

    public LedgerIndexer(string dataDir, IConversationStore store, LedgerIndexerOptions options, ILogger? log = null)
    {
        _store = store;
        _options = options;
        var logger = log ?? NullLogger.Instance;
        _tailer = new LedgerTailer(dataDir, Signal.Logs);
        _decoder = new LogLineDecoder(logger);
        _summaries = new SummaryRefresher(store, options.Summarise, logger);
    }

    /// <summary>Where indexing resumes: the checkpoint the store committed with the last batch.</summary>
    public LedgerCheckpoint? Checkpoint => _store.ReadCheckpoint(LogsStream);

    /// <summary>Indexes every line durable now; returns how many lines that was.</summary>
    public int CatchUp(CancellationToken cancellationToken = default) => Index(null, cancellationToken);

    /// <summary>
    /// Indexes while a writer in this process appends to the ledger: every line durable now, then what the writer
    /// reports, until it has finished and everything it wrote is indexed. Returns how many lines that was.
    /// </summary>
    public int Follow(WriterProgress writer, CancellationToken cancellationToken = default) => Index(writer, cancellationToken);

    /// <summary>
    /// Decodes lines into a batch (on all cores); <paramref name="claims"/>, if given, holds the events a writer
    /// handed over for some of them.
    /// </summary>
    internal DecodedBatch Decode(IReadOnlyList<LedgerLine> lines, IReadOnlyList<LineEvents?>? claims, CancellationToken cancellationToken) =>
        new(lines.Count, lines.Sum(l => (long)l.Length), lines[^1].After, _decoder.Decode(lines, claims, cancellationToken));

    /// <summary>Applies a batch with its checkpoint in one transaction; brings summaries up to date when they are due.</summary>
    internal void Apply(DecodedBatch batch, CancellationToken cancellationToken)
    {
        _fresh.Add(_store, batch.Events);
        _store.Apply(batch.Events, LogsStream, batch.After);
        _bytesSinceSummaries += batch.Bytes;
        if (_bytesSinceSummaries >= _options.SummaryIntervalBytes || _sinceSummaries.Elapsed >= _options.SummaryInterval)
        {
            RefreshSummaries(cancellationToken);
        }
    }

    /// <summary>Summarises every conversation that changed (also what a crash between a batch and its summaries left stale).</summary>
    internal void RefreshSummaries(CancellationToken cancellationToken)
    {
        _summaries.Refresh(_fresh, cancellationToken);
        _bytesSinceSummaries = 0;
        _sinceSummaries.Restart();
    }

    private int Index(WriterProgress? writer, CancellationToken cancellationToken)
    {
        var lines = 0;
        // While the store applies one batch, the next is read and decoded on the other cores.
        var next = ReadAhead(Checkpoint, writer, cancellationToken);
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
                Apply(batch, cancellationToken);
                lines += batch.Lines;
            }
        }
        finally
        {
            // Never leave a read-ahead running past the call; its result, or failure, no longer matters.
            Task.WaitAny(next);
            _ = next.Exception;
        }

        RefreshSummaries(cancellationToken);
        return lines;
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
            if (writer is null)
            {
                var lines = _tailer.ReadNext(from, _options.BatchBytes);
                return lines.Count == 0 ? new DecodedBatch(0, 0, from, []) : Decode(lines, null, cancellationToken);
            }

            // Lines the writer handed over are claimed as they are read: their events come with them.
            var claimed = _tailer.ReadNext(from, writer.Take, _options.BatchBytes);
            return claimed.Lines.Count == 0 ? new DecodedBatch(0, 0, from, []) : Decode(claimed.Lines, claimed.Claims, cancellationToken);
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
}
