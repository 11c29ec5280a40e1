using CodexOtel.Ledger;

namespace CodexOtel.Consumers;

/// <summary>
/// The loop of one consumer: read the lines after its checkpoint and prepare them while the previous batch is
/// consumed, consume, save the checkpoint; when nothing is left, wait for the next commit.
/// </summary>
internal sealed class ConsumerRunner<TBatch>(ILedgerConsumer<TBatch> consumer, string dataDir, CommitSignal commits, ILogger log, TimeSpan errorDelay)
{
    /// <summary>A read: the commit that wakes the reader should it have found nothing, and the batch it found.</summary>
    private readonly record struct Read(Task Wake, LedgerCheckpoint? From, LedgerCheckpoint? After, TBatch? Batch);

    /// <summary>The checkpoint it resumed from or saved last; null before it has one.</summary>
    public LedgerCheckpoint? Position { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await consumer.StartAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await FollowAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    log.LogError(e, "ledger consumer {Consumer} failed; resuming from its checkpoint in {Delay}", consumer.Name, errorDelay);
                    await Task.Delay(errorDelay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped while starting.
        }
        finally
        {
            await consumer.StopAsync().ConfigureAwait(false);
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        var tailer = new LedgerTailer(dataDir, consumer.Signal);
        var told = false;
        Position = consumer.Checkpoints.Load();
        var next = ReadAhead(tailer, Position, cancellationToken);
        try
        {
            while (true)
            {
                var read = await next.ConfigureAwait(false);
                if (read.After is not { } after)
                {
                    if (!told)
                    {
                        await consumer.CaughtUpAsync(cancellationToken).ConfigureAwait(false);
                        told = true;
                    }

                    await read.Wake.WaitAsync(cancellationToken).ConfigureAwait(false);
                    if (consumer.Coalesce > TimeSpan.Zero)
                    {
                        await Task.Delay(consumer.Coalesce, cancellationToken).ConfigureAwait(false);
                    }

                    next = ReadAhead(tailer, read.From, cancellationToken);
                    continue;
                }

                next = ReadAhead(tailer, after, cancellationToken);
                await consumer.ConsumeAsync(read.Batch!, after, cancellationToken).ConfigureAwait(false);
                consumer.Checkpoints.Save(after);
                Position = after;
                told = false;
            }
        }
        finally
        {
            // Never leave a read-ahead running past the loop; its result, or failure, no longer matters.
            await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private Task<Read> ReadAhead(LedgerTailer tailer, LedgerCheckpoint? from, CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            // Taken before reading: a commit that lands during the read completes it, so waiting on it misses none.
            var wake = commits.Next;
            if (consumer is ILedgerInPlaceConsumer<TBatch> inPlace)
            {
                var batch = inPlace.NewBatch();
                var last = tailer.ReadEach(from, (line, after) => inPlace.Add(batch, line, after), consumer.BatchBytes, (segment, start, limit) => inPlace.AddHeld(batch, segment, start, limit));
                return new Read(wake, from, last, last is null ? default : batch);
            }

            var lines = tailer.ReadNext(from, consumer.BatchBytes);
            return lines.Count == 0
                ? new Read(wake, from, null, default)
                : new Read(wake, from, lines[^1].After, consumer.Prepare(lines, cancellationToken));
        },
        cancellationToken);
}
