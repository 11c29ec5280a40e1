using System.Collections.Concurrent;
using System.Diagnostics;
using CodexOtel.Consumers;
using CodexOtel.Ledger;
using CodexOtel.Otlp;

namespace CodexOtel.Tests.Consumers;

/// <summary>A consumer that keeps what it is handed, with the time of each call, and its checkpoint in a file.</summary>
internal sealed class RecordingConsumer(string dataDir, string name = "recording") : ILedgerConsumer
{
    private readonly ConcurrentQueue<(string Line, long Timestamp)> _seen = new();
    private int _batches;

    public string Name => name;

    public Signal Signal => Signal.Logs;

    public int BatchBytes { get; init; } = 1_000;

    public TimeSpan Coalesce { get; init; }

    public ILedgerCheckpointStore Checkpoints { get; } = new ConsumerCheckpointFile(dataDir, name);

    /// <summary>Batches handed over so far.</summary>
    public int Batches => _batches;

    public List<string> Lines => [.. _seen.Select(s => s.Line)];

    /// <summary>When (<see cref="Stopwatch.GetTimestamp"/>) the consumer was handed the newest line it has.</summary>
    public long LastSeenAt => _seen.Last().Timestamp;

    /// <summary>When set, the next batch fails once (the host should hand it over again).</summary>
    public bool FailOnce { get; set; }

    public ValueTask ConsumeAsync(IReadOnlyList<LedgerLine> lines, LedgerCheckpoint after, CancellationToken cancellationToken)
    {
        if (FailOnce)
        {
            FailOnce = false;
            throw new IOException("the downstream is away");
        }

        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _batches);
        foreach (var line in lines)
        {
            _seen.Enqueue((System.Text.Encoding.UTF8.GetString(line.Bytes), now));
        }

        return ValueTask.CompletedTask;
    }

    public async Task WaitForAsync(int lines)
    {
        var clock = Stopwatch.StartNew();
        while (_seen.Count < lines)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the consumer saw {_seen.Count} of {lines} lines");
            await Task.Delay(5);
        }
    }
}

/// <summary>A <see cref="RecordingConsumer"/> that is shown its lines in place, as the tailer reads them.</summary>
internal sealed class InPlaceRecordingConsumer(string dataDir, string name = "recording") : ILedgerInPlaceConsumer<List<LedgerLine>>
{
    public RecordingConsumer Recorded { get; } = new(dataDir, name);

    public string Name => Recorded.Name;

    public Signal Signal => Recorded.Signal;

    public int BatchBytes => Recorded.BatchBytes;

    public ILedgerCheckpointStore Checkpoints => Recorded.Checkpoints;

    public List<LedgerLine> NewBatch() => [];

    public void Add(List<LedgerLine> batch, ReadOnlySpan<byte> line, LedgerCheckpoint after) => batch.Add(new LedgerLine(line.ToArray(), after));

    public ValueTask ConsumeAsync(List<LedgerLine> batch, LedgerCheckpoint after, CancellationToken cancellationToken)
    {
        Assert.Equal(after, batch[^1].After);
        return Recorded.ConsumeAsync(batch, after, cancellationToken);
    }
}
