using CodexOtel.Consumers;
using CodexOtel.Ledger;
using CodexOtel.Metrics.Model;
using CodexOtel.Otlp;

namespace CodexOtel.Metrics.Health;

/// <summary>
/// codex_otel_consumer_lag_bytes, read at each scrape: how many durable bytes of its signal's active segment lie past
/// each consumer's checkpoint (all of them when the checkpoint is in an older segment, or there is none yet). The
/// index's lag is that of the consumer named "index".
/// </summary>
internal sealed class ConsumerLag
{
    public static readonly MetricDescriptor Lag = new("codex_otel.consumer.lag", "By", "Durable ledger bytes past each consumer's checkpoint (index: the index lag)", MetricType.Gauge);

    private readonly Func<IReadOnlyList<ConsumerPosition>> _positions;
    private readonly MetricRegistry _registry;
    private readonly MetricFamily _lag;
    private readonly Dictionary<Signal, LedgerTailer> _tailers;

    private ConsumerLag(string dataDir, Func<IReadOnlyList<ConsumerPosition>> positions, MetricRegistry registry)
    {
        _positions = positions;
        _registry = registry;
        _lag = registry.Own(Lag, RecorderTelemetry.Owner);
        _tailers = SignalNames.All.ToDictionary(s => s, s => new LedgerTailer(dataDir, s));
    }

    /// <summary>Sets the gauge before each scrape of <paramref name="registry"/>.</summary>
    public static void Register(string dataDir, Func<IReadOnlyList<ConsumerPosition>> positions, MetricRegistry registry) =>
        registry.OnCollect(new ConsumerLag(dataDir, positions, registry).Collect);

    private void Collect()
    {
        var now = _registry.NowUnixNano;
        lock (_tailers)
        {
            var ends = _tailers.ToDictionary(t => t.Key, t => t.Value.End());
            lock (_lag.Gate)
            {
                foreach (var consumer in _positions())
                {
                    var end = ends[consumer.Signal];
                    var at = consumer.Checkpoint();
                    var lag = end is null ? 0 : at is not null && at.SegmentId == end.SegmentId ? Math.Max(0, end.Offset - at.Offset) : end.Offset;
                    if (_lag.Find(LabelSet.Of(("consumer", consumer.Name), ("signal", consumer.Signal.FileStem())), now) is { } series)
                    {
                        series.Value = lag;
                        series.TimeUnixNano = now;
                    }
                }
            }
        }
    }
}
