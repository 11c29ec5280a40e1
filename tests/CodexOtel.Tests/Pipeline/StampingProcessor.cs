using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Pipeline;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Tests.Pipeline;

/// <summary>
/// Counts the records it is shown, per signal; when it mutates data, stamps every resource with
/// <see cref="Key"/> = <see cref="Value"/>, as a redaction processor would rewrite what it finds.
/// </summary>
internal sealed class StampingProcessor(bool mutates) : IExportProcessor
{
    public const string Key = "pipeline.stamp";
    public const string Value = "stamped";

    private readonly long[] _records = new long[SignalNames.All.Length];

    public bool MutatesData => mutates;

    public long Records(Signal signal) => Interlocked.Read(ref _records[(int)signal]);

    public void Process(Signal signal, IMessage request)
    {
        Interlocked.Add(ref _records[(int)signal], RequestSplitter.CountRecords(request));
        if (!mutates)
        {
            return;
        }

        var resources = request switch
        {
            ExportLogsServiceRequest logs => logs.ResourceLogs.Select(r => r.Resource ??= new Resource()),
            ExportTraceServiceRequest traces => traces.ResourceSpans.Select(r => r.Resource ??= new Resource()),
            ExportMetricsServiceRequest metrics => metrics.ResourceMetrics.Select(r => r.Resource ??= new Resource()),
            _ => [],
        };
        foreach (var resource in resources.ToList())
        {
            resource.Attributes.Add(new KeyValue { Key = Key, Value = new AnyValue { StringValue = Value } });
        }
    }

    /// <summary>Whether every resource of the requests carries the stamp (and there is at least one).</summary>
    public static bool AllStamped(IEnumerable<Resource> resources)
    {
        var all = resources.ToList();
        return all.Count > 0 && all.All(r => r.Attributes.Any(a => a.Key == Key && a.Value.StringValue == Value));
    }
}
