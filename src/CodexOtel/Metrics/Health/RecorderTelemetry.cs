using CodexOtel.Ledger;
using CodexOtel.Metrics.Model;
using CodexOtel.Otlp;

namespace CodexOtel.Metrics.Health;

/// <summary>
/// The recorder's own telemetry, as the collector exposes its own (<c>otelcol_receiver_accepted_*</c>,
/// <c>otelcol_exporter_*</c>): records accepted and refused by the receivers, ledger bytes and fsync latency. These
/// count what this serve saw since it started, as the collector's do; they are not rebuilt from the ledger.
/// </summary>
public sealed class RecorderTelemetry : ILedgerObserver
{
    public const string Owner = "recorder";

    public static readonly MetricDescriptor Accepted = new("codex_otel.receiver.accepted_records", "{records}", "Records the receivers accepted, by signal and transport", MetricType.Counter);
    public static readonly MetricDescriptor RefusedRecords = new("codex_otel.receiver.refused_records", "{records}", "Records of accepted requests that were refused (OTLP partial success), by signal, transport and reason", MetricType.Counter);
    public static readonly MetricDescriptor RefusedRequests = new("codex_otel.receiver.refused_requests", "{requests}", "Requests the receivers refused, by signal, transport and reason", MetricType.Counter);
    public static readonly MetricDescriptor Written = new("codex_otel.ledger.written", "By", "Bytes made durable in the ledger, by signal", MetricType.Counter);
    public static readonly MetricDescriptor Fsync = new("codex_otel.ledger.fsync.duration", "ms", "How long each group commit's fsyncs took, by signal", MetricType.Histogram)
    {
        Bounds = HistogramBounds.FsyncMilliseconds,
    };

    private readonly MetricRegistry _registry;
    private readonly MetricFamily _accepted, _refusedRecords, _refusedRequests, _written, _fsync;
    private readonly long _started;

    public RecorderTelemetry(MetricRegistry registry)
    {
        _registry = registry;
        _started = registry.NowUnixNano;
        _accepted = registry.Own(Accepted, Owner);
        _refusedRecords = registry.Own(RefusedRecords, Owner);
        _refusedRequests = registry.Own(RefusedRequests, Owner);
        _written = registry.Own(Written, Owner);
        _fsync = registry.Own(Fsync, Owner);
    }

    /// <summary>A request was taken: <paramref name="accepted"/> records kept, <paramref name="refused"/> refused by partial success.</summary>
    public void Took(Signal signal, string transport, long accepted, long refused)
    {
        if (accepted > 0)
        {
            Add(_accepted, accepted, ("signal", signal.FileStem()), ("transport", transport));
        }

        if (refused > 0)
        {
            Add(_refusedRecords, refused, ("signal", signal.FileStem()), ("transport", transport), ("reason", RefusalReasons.TooLarge));
        }
    }

    /// <summary>A request was refused as a whole (<see cref="RefusalReasons"/>); its signal is null when it could not be told.</summary>
    public void Refused(Signal? signal, string transport, string reason) =>
        Add(_refusedRequests, 1, ("signal", signal?.FileStem() ?? "unknown"), ("transport", transport), ("reason", reason));

    public void Committed(Signal signal, long bytes, TimeSpan sync)
    {
        Add(_written, bytes, ("signal", signal.FileStem()));
        lock (_fsync.Gate)
        {
            if (_fsync.Find(LabelSet.Of(("signal", signal.FileStem())), _started) is { } series)
            {
                series.Observe(sync.TotalMilliseconds);
                series.TimeUnixNano = _registry.NowUnixNano;
            }
        }
    }

    private void Add(MetricFamily family, double value, params (string Name, string Value)[] labels)
    {
        lock (family.Gate)
        {
            if (family.Find(LabelSet.Of(labels), _started) is { } series)
            {
                series.Value += value;
                series.TimeUnixNano = _registry.NowUnixNano;
            }
        }
    }
}

/// <summary>The <c>reason</c> a receiver refused a request.</summary>
public static class RefusalReasons
{
    public const string Unauthorized = "unauthorized";
    public const string Invalid = "invalid";
    public const string TooLarge = "too_large";
    public const string Overloaded = "overloaded";
    public const string Unavailable = "unavailable";
    public const string Unsupported = "unsupported";

    /// <summary>The reason for an HTTP status a receiver answered with.</summary>
    public static string ForStatus(int status) => status switch
    {
        401 => Unauthorized,
        413 => TooLarge,
        429 => Overloaded,
        503 => Unavailable,
        405 or 415 => Unsupported,
        _ => Invalid,
    };
}
