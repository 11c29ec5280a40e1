using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Metrics.V1;

namespace CodexOtel.Otlp;

/// <summary>
/// Trace ids are 16 bytes and span ids 8 (or absent). Protobuf itself accepts any length, but OTLP-JSON and every
/// reader of the ledger cannot, so a request carrying another length is refused as the collector refuses it.
/// </summary>
public static class OtlpIdValidator
{
    /// <summary>A description of the first malformed id, or null when all are well formed.</summary>
    public static string? FindInvalidId(IMessage request) => request switch
    {
        ExportLogsServiceRequest logs => Logs(logs),
        ExportTraceServiceRequest traces => Traces(traces),
        ExportMetricsServiceRequest metrics => Metrics(metrics),
        _ => null,
    };

    private static string? Logs(ExportLogsServiceRequest request)
    {
        foreach (var resource in request.ResourceLogs)
        {
            foreach (var scope in resource.ScopeLogs)
            {
                foreach (var record in scope.LogRecords)
                {
                    if (Check("log record", record.TraceId, record.SpanId) is { } problem)
                    {
                        return problem;
                    }
                }
            }
        }

        return null;
    }

    private static string? Traces(ExportTraceServiceRequest request)
    {
        foreach (var resource in request.ResourceSpans)
        {
            foreach (var scope in resource.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    if ((Check("span", span.TraceId, span.SpanId) ?? Check("span parent", ByteString.Empty, span.ParentSpanId)) is { } problem)
                    {
                        return problem;
                    }

                    foreach (var link in span.Links)
                    {
                        if (Check("span link", link.TraceId, link.SpanId) is { } linkProblem)
                        {
                            return linkProblem;
                        }
                    }
                }
            }
        }

        return null;
    }

    private static string? Metrics(ExportMetricsServiceRequest request)
    {
        foreach (var resource in request.ResourceMetrics)
        {
            foreach (var scope in resource.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics)
                {
                    foreach (var exemplar in Exemplars(metric))
                    {
                        if (Check("exemplar", exemplar.TraceId, exemplar.SpanId) is { } problem)
                        {
                            return problem;
                        }
                    }
                }
            }
        }

        return null;
    }

    private static IEnumerable<Exemplar> Exemplars(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.SelectMany(p => p.Exemplars),
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.SelectMany(p => p.Exemplars),
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.SelectMany(p => p.Exemplars),
        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.SelectMany(p => p.Exemplars),
        _ => [],
    };

    private static string? Check(string what, ByteString traceId, ByteString spanId)
    {
        if (traceId.Length is not (0 or 16))
        {
            return $"a {what} has a trace id of {traceId.Length} bytes; trace ids are 16 bytes";
        }

        return spanId.Length is not (0 or 8) ? $"a {what} has a span id of {spanId.Length} bytes; span ids are 8 bytes" : null;
    }
}
