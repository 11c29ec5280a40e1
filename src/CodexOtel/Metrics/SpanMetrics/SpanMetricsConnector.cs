using System.Runtime.CompilerServices;
using CodexOtel.Metrics.Model;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// The collector's <c>spanmetrics</c> connector with its defaults: from every span of a resource that has a
/// service.name, <c>traces.span.metrics.calls</c> (a monotonic sum) and <c>traces.span.metrics.duration</c> (a
/// histogram in ms, <see cref="HistogramBounds.SpanMetricsMilliseconds"/>), by service.name, span.name, span.kind and
/// status.code, cumulative. Series are labelled with the resource's job and instance as the exporter would.
/// </summary>
internal sealed class SpanMetricsConnector
{
    /// <summary>The scope of the metrics it writes to the ledger; the client-metrics consumer skips it, so they are not counted twice.</summary>
    public const string ScopeName = "codex-otel/spanmetrics";

    public static readonly MetricDescriptor Calls = new("traces.span.metrics.calls", "", "Spans by service, name, kind and status (spanmetrics)", MetricType.Counter);

    public static readonly MetricDescriptor Duration = new("traces.span.metrics.duration", "ms", "Span durations (spanmetrics)", MetricType.Histogram)
    {
        Bounds = HistogramBounds.SpanMetricsMilliseconds,
    };

    // The dimensions as OTel names them and as their labels are called.
    private static readonly (string Key, string Label)[] Dimensions =
        [("service.name", "service_name"), ("span.name", "span_name"), ("span.kind", "span_kind"), ("status.code", "status_code")];

    // Labels by resource labels and dimensions: a span's labels are built and sorted once, not for every span.
    private readonly Dictionary<(string Resource, string Service, string Name, int Kind, int Status), LabelSet> _labels = [];

    // The series of each resource and dimensions met in the input being consumed (valid only while it is). Names are
    // compared by reference: the readers hand the same string for a name they keep meeting, so a span costs no string
    // hash; two copies of one name take two entries that find the same series.
    private readonly Dictionary<(int Resource, string Name, int Kind, int Status), (MetricSeries? Calls, MetricSeries? Duration)> _series = new(SpanKeyByReference.Instance);
    private readonly MetricFamily _calls;
    private readonly MetricFamily _duration;
    private volatile bool _changed;

    public SpanMetricsConnector(MetricRegistry registry, string owner)
    {
        // Every span's series: as many as the collector would keep unbounded, within reason.
        var limits = new FamilyLimits { MaxSeries = 100_000 };
        _calls = registry.Own(Calls, owner, limits);
        _duration = registry.Own(Duration, owner, limits);
    }

    public void Consume(ExportTraceServiceRequest request) => Consume(SpanMetricsInput.Of(request));

    /// <summary>
    /// Counts the spans of <paramref name="input"/>. Both families are locked once for all of them (a scrape waits
    /// for at most one batch), and each series is looked up once per resource and dimensions, not once per span.
    /// </summary>
    public void Consume(SpanMetricsInput input)
    {
        var resources = new (KeyValuePair<string, string>[] Labels, string Key)?[input.Resources.Count];
        for (var i = 0; i < resources.Length; i++)
        {
            // As the connector: a span without a service is not counted.
            if (input.Resources[i] is { Service: { Length: > 0 } } resource)
            {
                resources[i] = (resource.Labels, string.Join('\n', resource.Labels.Select(l => l.Value)));
            }
        }

        lock (_calls.Gate)
        {
            lock (_duration.Gate)
            {
                try
                {
                    foreach (ref readonly var span in input.Spans)
                    {
                        if (resources[span.Resource] is { } resource)
                        {
                            Count(SeriesOf(span, resource, input.Resources[span.Resource].Service!), span);
                        }
                    }
                }
                finally
                {
                    _series.Clear();
                }
            }
        }
    }

    /// <summary>
    /// The series as an OTLP request, as the connector emits them (cumulative; service.name also on the resource), or
    /// null when nothing changed since the last call: idle periods add nothing to the ledger.
    /// </summary>
    public ExportMetricsServiceRequest? Flush()
    {
        if (!_changed)
        {
            return null;
        }

        _changed = false;
        var byService = new Dictionary<string, (Sum Calls, Histogram Duration)>(StringComparer.Ordinal);
        lock (_calls.Gate)
        {
            foreach (var series in _calls.Series)
            {
                Of(series.Labels).Calls.DataPoints.Add(new NumberDataPoint
                {
                    StartTimeUnixNano = (ulong)series.StartUnixNano,
                    TimeUnixNano = (ulong)series.TimeUnixNano,
                    AsInt = (long)series.Value,
                    Attributes = { Attributes(series.Labels) },
                });
            }
        }

        lock (_duration.Gate)
        {
            foreach (var series in _duration.Series)
            {
                Of(series.Labels).Duration.DataPoints.Add(new HistogramDataPoint
                {
                    StartTimeUnixNano = (ulong)series.StartUnixNano,
                    TimeUnixNano = (ulong)series.TimeUnixNano,
                    Count = series.Count,
                    Sum = series.Sum,
                    ExplicitBounds = { series.Bounds },
                    BucketCounts = { series.BucketCounts },
                    Attributes = { Attributes(series.Labels) },
                });
            }
        }

        var request = new ExportMetricsServiceRequest();
        foreach (var (service, (calls, duration)) in byService)
        {
            request.ResourceMetrics.Add(new ResourceMetrics
            {
                Resource = new Resource { Attributes = { Attribute("service.name", service) } },
                ScopeMetrics =
                {
                    new ScopeMetrics
                    {
                        Scope = new InstrumentationScope { Name = ScopeName },
                        Metrics =
                        {
                            new Metric { Name = Calls.OtelName, Description = Calls.Description, Sum = calls },
                            new Metric { Name = Duration.OtelName, Description = Duration.Description, Unit = Duration.Unit, Histogram = duration },
                        },
                    },
                },
            });
        }

        return request;

        (Sum Calls, Histogram Duration) Of(LabelSet labels)
        {
            var service = labels["service_name"] ?? "";
            if (!byService.TryGetValue(service, out var metrics))
            {
                metrics = (
                    new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true },
                    new Histogram { AggregationTemporality = AggregationTemporality.Cumulative });
                byService[service] = metrics;
            }

            return metrics;
        }
    }

    private (MetricSeries? Calls, MetricSeries? Duration) SeriesOf(in SpanFacts span, (KeyValuePair<string, string>[] Labels, string Key) resource, string service)
    {
        var key = (span.Resource, span.Name, span.Kind, span.Status);
        if (!_series.TryGetValue(key, out var series))
        {
            // Made with the first span's end as its start, as when each span looked its series up.
            var labels = Labels(resource.Labels, resource.Key, service, span);
            var end = (long)span.EndUnixNano;
            series = (_calls.Find(labels, end), _duration.Find(labels, end));
            _series[key] = series;
        }

        return series;
    }

    private LabelSet Labels(KeyValuePair<string, string>[] resource, string resourceKey, string service, in SpanFacts span)
    {
        var key = (resourceKey, service, span.Name, span.Kind, span.Status);
        if (!_labels.TryGetValue(key, out var labels))
        {
            if (_labels.Count >= 100_000)
            {
                _labels.Clear();
            }

            labels = LabelSet.From([
                .. resource,
                KeyValuePair.Create("service_name", service),
                KeyValuePair.Create("span_name", span.Name),
                KeyValuePair.Create("span_kind", KindName((Span.Types.SpanKind)span.Kind)),
                KeyValuePair.Create("status_code", StatusName((Status.Types.StatusCode)span.Status)),
            ]);
            _labels[key] = labels;
        }

        return labels;
    }

    private void Count((MetricSeries? Calls, MetricSeries? Duration) series, in SpanFacts span)
    {
        var end = (long)span.EndUnixNano;
        var durationMs = span.EndUnixNano > span.StartUnixNano ? (span.EndUnixNano - span.StartUnixNano) / 1e6 : 0;
        _changed = true;
        if (series.Calls is { } calls)
        {
            calls.Value++;
            calls.TimeUnixNano = Math.Max(calls.TimeUnixNano, end);
        }

        if (series.Duration is { } duration)
        {
            duration.Observe(durationMs);
            duration.TimeUnixNano = Math.Max(duration.TimeUnixNano, end);
        }
    }

    private sealed class SpanKeyByReference : IEqualityComparer<(int Resource, string Name, int Kind, int Status)>
    {
        public static readonly SpanKeyByReference Instance = new();

        public bool Equals((int Resource, string Name, int Kind, int Status) x, (int Resource, string Name, int Kind, int Status) y) =>
            x.Resource == y.Resource && ReferenceEquals(x.Name, y.Name) && x.Kind == y.Kind && x.Status == y.Status;

        public int GetHashCode((int Resource, string Name, int Kind, int Status) key) =>
            HashCode.Combine(key.Resource, RuntimeHelpers.GetHashCode(key.Name), key.Kind, key.Status);
    }

    private static RepeatedField<KeyValue> Attributes(LabelSet labels)
    {
        var attributes = new RepeatedField<KeyValue>();
        foreach (var (key, label) in Dimensions)
        {
            attributes.Add(Attribute(key, labels[label] ?? ""));
        }

        return attributes;
    }

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    // SPAN_KIND_SERVER, STATUS_CODE_ERROR: the enum names of the proto, as the connector writes them.
    private static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Internal => "SPAN_KIND_INTERNAL",
        Span.Types.SpanKind.Server => "SPAN_KIND_SERVER",
        Span.Types.SpanKind.Client => "SPAN_KIND_CLIENT",
        Span.Types.SpanKind.Producer => "SPAN_KIND_PRODUCER",
        Span.Types.SpanKind.Consumer => "SPAN_KIND_CONSUMER",
        _ => "SPAN_KIND_UNSPECIFIED",
    };

    private static string StatusName(Status.Types.StatusCode code) => code switch
    {
        Status.Types.StatusCode.Ok => "STATUS_CODE_OK",
        Status.Types.StatusCode.Error => "STATUS_CODE_ERROR",
        _ => "STATUS_CODE_UNSET",
    };
}
