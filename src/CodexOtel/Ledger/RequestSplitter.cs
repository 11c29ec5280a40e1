using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Ledger;

/// <summary>
/// Cuts an export request into smaller requests that keep their resource and scope: first one per resource, then
/// one per scope, then halves of the records. A request holding a single record cannot be cut.
/// </summary>
internal static class RequestSplitter
{
    public static IReadOnlyList<IMessage> Split(IMessage request) => request switch
    {
        ExportLogsServiceRequest logs => SplitLogs(logs),
        ExportTraceServiceRequest traces => SplitTraces(traces),
        ExportMetricsServiceRequest metrics => SplitMetrics(metrics),
        _ => throw new ArgumentException($"not an export request: {request.Descriptor.FullName}", nameof(request)),
    };

    /// <summary>Log records, spans, or metric data points: what partial success counts.</summary>
    public static long CountRecords(IMessage request) => request switch
    {
        ExportLogsServiceRequest logs => logs.ResourceLogs.Sum(r => r.ScopeLogs.Sum(s => (long)s.LogRecords.Count)),
        ExportTraceServiceRequest traces => traces.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => (long)s.Spans.Count)),
        ExportMetricsServiceRequest metrics => metrics.ResourceMetrics.Sum(r => r.ScopeMetrics.Sum(s => s.Metrics.Sum(DataPointCount))),
        _ => 0,
    };

    public static long DataPointCount(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Count,
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Count,
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Count,
        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Count,
        Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Count,
        _ => 0,
    };

    private static IReadOnlyList<IMessage> SplitLogs(ExportLogsServiceRequest request)
    {
        if (request.ResourceLogs.Count > 1)
        {
            return request.ResourceLogs.Select(r => (IMessage)new ExportLogsServiceRequest { ResourceLogs = { r } }).ToList();
        }

        var resource = request.ResourceLogs[0];
        if (resource.ScopeLogs.Count == 0)
        {
            return [];
        }

        if (resource.ScopeLogs.Count > 1)
        {
            return resource.ScopeLogs.Select(s => (IMessage)Logs(resource, s, s.LogRecords)).ToList();
        }

        var scope = resource.ScopeLogs[0];
        return Halves(scope.LogRecords, half => Logs(resource, scope, half));
    }

    private static IReadOnlyList<IMessage> SplitTraces(ExportTraceServiceRequest request)
    {
        if (request.ResourceSpans.Count > 1)
        {
            return request.ResourceSpans.Select(r => (IMessage)new ExportTraceServiceRequest { ResourceSpans = { r } }).ToList();
        }

        var resource = request.ResourceSpans[0];
        if (resource.ScopeSpans.Count == 0)
        {
            return [];
        }

        if (resource.ScopeSpans.Count > 1)
        {
            return resource.ScopeSpans.Select(s => (IMessage)Traces(resource, s, s.Spans)).ToList();
        }

        var scope = resource.ScopeSpans[0];
        return Halves(scope.Spans, half => Traces(resource, scope, half));
    }

    private static IReadOnlyList<IMessage> SplitMetrics(ExportMetricsServiceRequest request)
    {
        if (request.ResourceMetrics.Count > 1)
        {
            return request.ResourceMetrics.Select(r => (IMessage)new ExportMetricsServiceRequest { ResourceMetrics = { r } }).ToList();
        }

        var resource = request.ResourceMetrics[0];
        if (resource.ScopeMetrics.Count == 0)
        {
            return [];
        }

        if (resource.ScopeMetrics.Count > 1)
        {
            return resource.ScopeMetrics.Select(s => (IMessage)Metrics(resource, s, s.Metrics)).ToList();
        }

        var scope = resource.ScopeMetrics[0];
        return Halves(scope.Metrics, half => Metrics(resource, scope, half));
    }

    private static IReadOnlyList<IMessage> Halves<T>(IReadOnlyList<T> items, Func<IEnumerable<T>, IMessage> build)
    {
        if (items.Count < 2)
        {
            return [];
        }

        var middle = items.Count / 2;
        return [build(items.Take(middle)), build(items.Skip(middle))];
    }

    private static ExportLogsServiceRequest Logs(ResourceLogs resource, ScopeLogs scope, IEnumerable<LogRecord> records) => new()
    {
        ResourceLogs =
        {
            new ResourceLogs
            {
                Resource = resource.Resource,
                SchemaUrl = resource.SchemaUrl,
                ScopeLogs = { new ScopeLogs { Scope = scope.Scope, SchemaUrl = scope.SchemaUrl, LogRecords = { records } } },
            },
        },
    };

    private static ExportTraceServiceRequest Traces(ResourceSpans resource, ScopeSpans scope, IEnumerable<Span> spans) => new()
    {
        ResourceSpans =
        {
            new ResourceSpans
            {
                Resource = resource.Resource,
                SchemaUrl = resource.SchemaUrl,
                ScopeSpans = { new ScopeSpans { Scope = scope.Scope, SchemaUrl = scope.SchemaUrl, Spans = { spans } } },
            },
        },
    };

    private static ExportMetricsServiceRequest Metrics(ResourceMetrics resource, ScopeMetrics scope, IEnumerable<Metric> metrics) => new()
    {
        ResourceMetrics =
        {
            new ResourceMetrics
            {
                Resource = resource.Resource,
                SchemaUrl = resource.SchemaUrl,
                ScopeMetrics = { new ScopeMetrics { Scope = scope.Scope, SchemaUrl = scope.SchemaUrl, Metrics = { metrics } } },
            },
        },
    };
}
