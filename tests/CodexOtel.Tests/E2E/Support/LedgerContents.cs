using System.Text;
using System.Text.Json.Nodes;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>A record with the resource and instrumentation scope it was exported under.</summary>
public sealed record Scoped<T>(Resource Resource, InstrumentationScope Scope, T Item);

/// <summary>Everything in a data directory's ledger, read with the product's own reader and OTLP-JSON decoder.</summary>
public sealed class LedgerContents
{
    private LedgerContents(string dataDir)
    {
        Lines = SignalNames.All.ToDictionary(s => s, s => (IReadOnlyList<string>)[.. LedgerReader.ReadLines(dataDir, s)]);
        LogRequests = [.. Lines[Signal.Logs].Select(l => OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(l)))];
        TraceRequests = [.. Lines[Signal.Traces].Select(l => OtlpJsonDecoder.DecodeTraces(Encoding.UTF8.GetBytes(l)))];
        MetricRequests = [.. Lines[Signal.Metrics].Select(l => OtlpJsonDecoder.DecodeMetrics(Encoding.UTF8.GetBytes(l)))];
    }

    /// <summary>The raw ledger lines of each signal.</summary>
    public IReadOnlyDictionary<Signal, IReadOnlyList<string>> Lines { get; }

    public IReadOnlyList<ExportLogsServiceRequest> LogRequests { get; }

    public IReadOnlyList<ExportTraceServiceRequest> TraceRequests { get; }

    public IReadOnlyList<ExportMetricsServiceRequest> MetricRequests { get; }

    public IEnumerable<Scoped<LogRecord>> Logs =>
        from request in LogRequests
        from resource in request.ResourceLogs
        from scope in resource.ScopeLogs
        from record in scope.LogRecords
        select new Scoped<LogRecord>(resource.Resource, scope.Scope, record);

    public IEnumerable<Scoped<Span>> Spans =>
        from request in TraceRequests
        from resource in request.ResourceSpans
        from scope in resource.ScopeSpans
        from span in scope.Spans
        select new Scoped<Span>(resource.Resource, scope.Scope, span);

    public IEnumerable<Scoped<Metric>> Metrics =>
        from request in MetricRequests
        from resource in request.ResourceMetrics
        from scope in resource.ScopeMetrics
        from metric in scope.Metrics
        select new Scoped<Metric>(resource.Resource, scope.Scope, metric);

    public static LedgerContents Read(string dataDir) => new(dataDir);

    /// <summary>The top-level keys of each line of a signal's file, e.g. ["resourceLogs"] for every logs line.</summary>
    public IEnumerable<string> TopLevelKeys(Signal signal) =>
        Lines[signal].SelectMany(line => JsonNode.Parse(line)!.AsObject().Select(p => p.Key));

    public string Summary() =>
        $"ledger: {Lines[Signal.Logs].Count} logs lines ({Logs.Count()} records), " +
        $"{Lines[Signal.Traces].Count} traces lines ({Spans.Count()} spans), " +
        $"{Lines[Signal.Metrics].Count} metrics lines ({Metrics.Count()} metrics)";
}
