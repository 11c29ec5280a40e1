using CodexOtel.Codex;
using CodexOtel.Metrics.Model;
using CodexOtel.Metrics.SpanMetrics;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;

namespace CodexOtel.Metrics.Cumulative;

/// <summary>
/// The metrics clients send (Codex's <c>codex.*</c> among them) as Prometheus series: delta sums and histograms made
/// cumulative (<see cref="CumulativeAccumulator"/>), cumulative ones and gauges passed through; each series labelled
/// with its resource's job and instance and its attributes, less those in <see cref="MetricsOptions.DropAttributes"/>
/// (unbounded ones: a series per conversation would be a series per run). A metric keeps at most
/// <see cref="MetricsOptions.MaxSeriesPerMetric"/> series; what is not taken is counted in
/// codex_otel_metrics_dropped_points_total by metric and reason. The spanmetrics this program writes to the same
/// ledger are skipped (their own consumer exposes them), so nothing is counted twice or fed back.
/// </summary>
internal sealed class ClientMetrics
{
    public static readonly MetricDescriptor DroppedPoints = new(
        "codex_otel.metrics.dropped_points", "{points}", "Client metric points not taken, by metric and reason", MetricType.Counter);

    private readonly MetricRegistry _registry;
    private readonly string _owner;
    private readonly MetricsOptions _options;
    private readonly HashSet<string> _dropped;
    private readonly MetricFamily _droppedPoints;
    private readonly MetricFamily _targetInfo;

    public ClientMetrics(MetricRegistry registry, string owner, MetricsOptions options)
    {
        _registry = registry;
        _owner = owner;
        _options = options;
        _dropped = new HashSet<string>(options.DropAttributes, StringComparer.Ordinal);
        _droppedPoints = registry.Own(DroppedPoints, owner, new FamilyLimits { MaxSeries = 10_000 });
        _targetInfo = registry.Own(TargetInfo.Descriptor, owner, Limits);
    }

    /// <summary>How each client metric is limited: its series limit, and staleness.</summary>
    public FamilyLimits Limits => new() { MaxSeries = _options.MaxSeriesPerMetric, StaleAfter = _options.StaleAfter };

    public void Consume(ExportMetricsServiceRequest request)
    {
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = ResourceLabels.From(resourceMetrics.Resource).ToList();
            var latest = 0L;
            foreach (var scope in resourceMetrics.ScopeMetrics)
            {
                if (scope.Scope?.Name == SpanMetricsConnector.ScopeName)
                {
                    continue;
                }

                foreach (var metric in scope.Metrics)
                {
                    latest = Math.Max(latest, Consume(resource, metric));
                }
            }

            if (latest > 0)
            {
                TargetInfo.Set(_targetInfo, resourceMetrics.Resource, latest);
            }
        }
    }

    /// <summary>Takes the metric's points; returns the time of its latest point taken (0 when none).</summary>
    private long Consume(List<KeyValuePair<string, string>> resource, Metric metric)
    {
        var (type, temporality) = metric.DataCase switch
        {
            Metric.DataOneofCase.Sum => (metric.Sum.IsMonotonic ? MetricType.Counter : MetricType.Gauge, Of(metric.Sum.AggregationTemporality)),
            Metric.DataOneofCase.Gauge => (MetricType.Gauge, PointTemporality.Cumulative),
            Metric.DataOneofCase.Histogram => (MetricType.Histogram, Of(metric.Histogram.AggregationTemporality)),
            _ => ((MetricType?)null, PointTemporality.Cumulative),
        };
        var descriptor = new MetricDescriptor(metric.Name, metric.Unit, metric.Description, type ?? MetricType.Gauge);
        if (type is null)
        {
            Drop(descriptor, DropReasons.Unsupported, PointCount(metric));
            return 0;
        }

        if (_registry.Family(descriptor, _owner, Limits) is not { } family)
        {
            Drop(descriptor, DropReasons.Conflict, PointCount(metric));
            return 0;
        }

        var latest = 0L;
        lock (family.Gate)
        {
            foreach (var (attributes, point) in Points(metric))
            {
                if (CumulativeAccumulator.Take(family, Labels(resource, attributes), point, temporality) is { } reason)
                {
                    Drop(descriptor, reason, 1);
                }
                else
                {
                    latest = Math.Max(latest, point.TimeUnixNano);
                }
            }
        }

        return latest;
    }

    private static IEnumerable<(RepeatedField<KeyValue> Attributes, IncomingPoint Point)> Points(Metric metric)
    {
        const uint NoRecordedValue = 1;
        if (metric.DataCase == Metric.DataOneofCase.Histogram)
        {
            foreach (var p in metric.Histogram.DataPoints.Where(p => (p.Flags & NoRecordedValue) == 0))
            {
                yield return (p.Attributes, new IncomingPoint((long)p.StartTimeUnixNano, (long)p.TimeUnixNano, 0)
                {
                    Count = p.Count,
                    Sum = p.Sum,
                    Bounds = [.. p.ExplicitBounds],
                    BucketCounts = [.. p.BucketCounts],
                });
            }

            yield break;
        }

        var points = metric.DataCase == Metric.DataOneofCase.Sum ? metric.Sum.DataPoints : metric.Gauge.DataPoints;
        foreach (var p in points.Where(p => (p.Flags & NoRecordedValue) == 0))
        {
            var value = p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble;
            yield return (p.Attributes, new IncomingPoint((long)p.StartTimeUnixNano, (long)p.TimeUnixNano, value));
        }
    }

    private LabelSet Labels(List<KeyValuePair<string, string>> resource, RepeatedField<KeyValue> attributes)
    {
        var labels = new List<KeyValuePair<string, string>>(resource.Count + attributes.Count);
        labels.AddRange(resource);
        foreach (var attribute in attributes)
        {
            if (!_dropped.Contains(attribute.Key))
            {
                labels.Add(KeyValuePair.Create(attribute.Key, Text(attribute.Value)));
            }
        }

        return LabelSet.From(labels);
    }

    // As the collector's AsString: booleans in lower case.
    internal static string Text(AnyValue value) =>
        value.ValueCase == AnyValue.ValueOneofCase.BoolValue ? (value.BoolValue ? "true" : "false") : AnyValues.String(value) ?? "";

    private static PointTemporality Of(AggregationTemporality temporality) =>
        temporality == AggregationTemporality.Delta ? PointTemporality.Delta : PointTemporality.Cumulative;

    private static int PointCount(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Count,
        Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Count,
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Count,
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Count,
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Count,
        _ => 0,
    };

    private void Drop(MetricDescriptor metric, string reason, int points)
    {
        if (points == 0)
        {
            return;
        }

        lock (_droppedPoints.Gate)
        {
            if (_droppedPoints.Find(LabelSet.Of(("metric", metric.PrometheusName), ("reason", reason)), _registry.NowUnixNano) is { } series)
            {
                series.Value += points;
                series.TimeUnixNano = Math.Max(series.TimeUnixNano, _registry.NowUnixNano);
            }
        }
    }
}
