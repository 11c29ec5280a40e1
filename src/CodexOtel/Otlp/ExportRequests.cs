using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Otlp;

/// <summary>The export request type of each signal.</summary>
public static class ExportRequests
{
    public static IMessage Empty(Signal signal) => signal switch
    {
        Signal.Logs => new ExportLogsServiceRequest(),
        Signal.Traces => new ExportTraceServiceRequest(),
        _ => new ExportMetricsServiceRequest(),
    };
}
