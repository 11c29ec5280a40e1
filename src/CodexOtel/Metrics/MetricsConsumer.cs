using CodexOtel.Consumers;
using CodexOtel.Ledger;
using CodexOtel.Metrics.Model;
using CodexOtel.Metrics.State;
using CodexOtel.Otlp;

namespace CodexOtel.Metrics;

/// <summary>
/// What serve's metrics consumers share: their families in the <see cref="MetricRegistry"/>, and their checkpoint kept
/// in a <see cref="MetricsStateFile"/> with those families' series. The state is saved at most every
/// <see cref="SaveInterval"/> (a snapshot of 10,000 series is about a megabyte) and when the consumer stops; between
/// saves the file keeps an older checkpoint with the series as of it, so a crash replays the lines since then onto
/// those series and ends where it would have.
/// </summary>
internal abstract class MetricsConsumer<TBatch>(string dataDir, MetricRegistry registry) : ILedgerConsumer<TBatch>, ILedgerCheckpointStore
{
    private MetricsStateFile? _file;
    private LedgerCheckpoint? _unsaved;
    private long _savedAt = long.MinValue;

    public abstract string Name { get; }

    public abstract Signal Signal { get; }

    public ILedgerCheckpointStore Checkpoints => this;

    public TimeSpan SaveInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Metrics are read at scrape time: a tenth of a second's commits are read at once (well within <see cref="SpanMetrics.SpanHandover.MaxSpans"/> at 250,000 spans/s).</summary>
    public TimeSpan Coalesce { get; init; } = TimeSpan.FromMilliseconds(100);

    protected MetricRegistry Registry => registry;

    private MetricsStateFile File => _file ??= new MetricsStateFile(dataDir, Name);

    public virtual ValueTask<bool> StartAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public abstract TBatch Prepare(IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken);

    public abstract ValueTask ConsumeAsync(TBatch batch, LedgerCheckpoint after, CancellationToken cancellationToken);

    /// <summary>Writes what was consumed since the last save.</summary>
    public virtual ValueTask StopAsync()
    {
        if (_unsaved is { } after)
        {
            File.Save(after, Owned());
            _unsaved = null;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The saved checkpoint, after putting the series saved with it back (those consumed since are forgotten).</summary>
    public LedgerCheckpoint? Load()
    {
        var state = File.Load();
        foreach (var family in Owned())
        {
            lock (family.Gate)
            {
                foreach (var series in family.Series.Select(s => s.Labels).ToList())
                {
                    family.Remove(series);
                }
            }
        }

        _unsaved = null;
        if (state is null)
        {
            return null;
        }

        foreach (var saved in state.Families)
        {
            var descriptor = new MetricDescriptor(saved.OtelName, saved.Unit, saved.Description, saved.Type);
            if (registry.Family(descriptor, Name, LimitsFor(descriptor)) is { } family)
            {
                MetricsStateFile.Restore(saved, family);
            }
        }

        return new LedgerCheckpoint(state.SegmentId, state.Offset);
    }

    public void Save(LedgerCheckpoint checkpoint)
    {
        _unsaved = checkpoint;
        var now = registry.Clock.GetTimestamp();
        if (_savedAt != long.MinValue && registry.Clock.GetElapsedTime(_savedAt, now) < SaveInterval)
        {
            return;
        }

        File.Save(checkpoint, Owned());
        _savedAt = now;
        _unsaved = null;
    }

    /// <summary>Decodes a ledger line's bytes into a request.</summary>
    protected delegate TRequest LineDecoder<TRequest>(ReadOnlySpan<byte> line);

    /// <summary>Each line decoded as an OTLP-JSON request; a line that does not decode (not one the recorder wrote) is logged and skipped.</summary>
    protected static List<TRequest> DecodeEach<TRequest>(IReadOnlyList<LedgerLine> lines, LineDecoder<TRequest> decode, ILogger log)
        where TRequest : class
    {
        var requests = new List<TRequest>(lines.Count);
        foreach (var line in lines)
        {
            if (Decode(line.Bytes, line.After, decode, log) is { } request)
            {
                requests.Add(request);
            }
        }

        return requests;
    }

    /// <summary>The line decoded; null (logged) when it does not decode.</summary>
    protected static TRequest? Decode<TRequest>(ReadOnlySpan<byte> line, LedgerCheckpoint after, LineDecoder<TRequest> decode, ILogger log)
        where TRequest : class
    {
        try
        {
            return decode(line);
        }
        catch (Otlp.Json.OtlpJsonException e)
        {
            log.LogWarning("metrics: skipping a ledger line before {Checkpoint} that does not decode: {Reason}", after, e.Message);
            return null;
        }
    }

    /// <summary>How a family of this consumer that the state file names (a client's metric, say) is limited.</summary>
    protected virtual FamilyLimits LimitsFor(MetricDescriptor descriptor) => FamilyLimits.Default;

    private IEnumerable<MetricFamily> Owned() => registry.Owned(Name);
}
