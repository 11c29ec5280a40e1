using CodexOtel.Ledger;
using CodexOtel.Otlp;

namespace CodexOtel.Consumers;

/// <summary>
/// Something that follows one signal of the ledger inside <c>serve</c> (the indexer; next metrics, a forwarder, the
/// dashboard's live feed). The <see cref="LedgerConsumerHost"/> reads the lines after its checkpoint, has them
/// prepared on a read-ahead task while the previous batch is consumed, hands each batch over in ledger order, then
/// saves the checkpoint after it; when caught up it waits for the ledger's next commit. A restart resumes from the
/// checkpoint: a consumer that commits the checkpoint with what it did (as the indexer does, in its store transaction)
/// sees each line exactly once; one that saves it afterwards (<see cref="ConsumerCheckpointFile"/>) may see the last
/// batch again after a crash.
/// </summary>
/// <typeparam name="TBatch">What a batch of lines becomes before it is consumed (decoded events, say).</typeparam>
public interface ILedgerConsumer<TBatch>
{
    /// <summary>Names the consumer in logs and its checkpoint file: lower case, letters, digits and '-'.</summary>
    string Name { get; }

    Signal Signal { get; }

    /// <summary>Lines per batch, at most about this many bytes.</summary>
    int BatchBytes => 1 << 20;

    /// <summary>
    /// How long to let commits gather once one wakes the consumer after it caught up: zero follows each commit (the
    /// index, the live feed); a consumer that need not (metrics, read at scrape time) makes fewer, larger reads, and
    /// under a flood leaves the receivers and the ledger's writer the CPU it would take waking for every commit.
    /// </summary>
    TimeSpan Coalesce => TimeSpan.Zero;

    /// <summary>Where the consumer's durable position is kept.</summary>
    ILedgerCheckpointStore Checkpoints { get; }

    /// <summary>Takes what it needs before the first batch (locks, stores); false: it does not run (it has logged why).</summary>
    ValueTask<bool> StartAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);

    /// <summary>Turns lines into a batch, on the read-ahead task: it may run while the previous batch is consumed.</summary>
    TBatch Prepare(IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken);

    /// <summary>Consumes a batch; <paramref name="after"/> is the checkpoint after its last line.</summary>
    ValueTask ConsumeAsync(TBatch batch, LedgerCheckpoint after, CancellationToken cancellationToken);

    /// <summary>Everything durable has been consumed (called once each time the consumer catches up).</summary>
    ValueTask CaughtUpAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>After the last batch, also when <see cref="StartAsync"/> said no.</summary>
    ValueTask StopAsync() => ValueTask.CompletedTask;
}

/// <summary>A consumer of the lines as they are.</summary>
public interface ILedgerConsumer : ILedgerConsumer<IReadOnlyList<LedgerLine>>
{
    IReadOnlyList<LedgerLine> ILedgerConsumer<IReadOnlyList<LedgerLine>>.Prepare(IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken) => lines;
}

/// <summary>
/// A consumer that takes what it needs of each line as the tailer reads it, in place, instead of being handed a copy:
/// a request's line may be half a megabyte, and for a consumer that keeps a few fields of it (spanmetrics) the copy
/// and the collections it causes cost more than the reading.
/// </summary>
public interface ILedgerInPlaceConsumer<TBatch> : ILedgerConsumer<TBatch>
{
    /// <summary>An empty batch, for <see cref="Add"/> to fill.</summary>
    TBatch NewBatch();

    /// <summary>Adds one line to the batch; <paramref name="line"/> is valid only during the call.</summary>
    void Add(TBatch batch, ReadOnlySpan<byte> line, LedgerCheckpoint after);

    /// <summary>
    /// Adds the line that starts at this position, if it ends by <paramref name="limit"/>, from what the consumer
    /// already holds of it (handed over by the ledger's writer in this process), so it is not read: returns where the
    /// line ends, or -1 to have it read.
    /// </summary>
    long AddHeld(TBatch batch, string segmentId, long start, long limit) => -1;

    TBatch ILedgerConsumer<TBatch>.Prepare(IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken) => AddEach(this, lines);

    /// <summary>A batch of lines already read, as <see cref="Add"/> makes it (for an implementation's own Prepare).</summary>
    static TBatch AddEach(ILedgerInPlaceConsumer<TBatch> consumer, IReadOnlyList<LedgerLine> lines)
    {
        var batch = consumer.NewBatch();
        foreach (var line in lines)
        {
            consumer.Add(batch, line.Bytes, line.After);
        }

        return batch;
    }
}
