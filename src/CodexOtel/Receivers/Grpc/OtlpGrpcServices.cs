using CodexOtel.Otlp;
using Grpc.Core;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Receivers.Grpc;

internal sealed class OtlpGrpcLogsService(GrpcExportHandler handler) : LogsService.LogsServiceBase
{
    public override async Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        var outcome = await handler.ExportAsync(Signal.Logs, request, context);
        return outcome.RejectedRecords == 0 ? new() : new()
        {
            PartialSuccess = new() { RejectedLogRecords = outcome.RejectedRecords, ErrorMessage = outcome.Message ?? "" },
        };
    }
}

internal sealed class OtlpGrpcTraceService(GrpcExportHandler handler) : TraceService.TraceServiceBase
{
    public override async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        var outcome = await handler.ExportAsync(Signal.Traces, request, context);
        return outcome.RejectedRecords == 0 ? new() : new()
        {
            PartialSuccess = new() { RejectedSpans = outcome.RejectedRecords, ErrorMessage = outcome.Message ?? "" },
        };
    }
}

internal sealed class OtlpGrpcMetricsService(GrpcExportHandler handler) : MetricsService.MetricsServiceBase
{
    public override async Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        var outcome = await handler.ExportAsync(Signal.Metrics, request, context);
        return outcome.RejectedRecords == 0 ? new() : new()
        {
            PartialSuccess = new() { RejectedDataPoints = outcome.RejectedRecords, ErrorMessage = outcome.Message ?? "" },
        };
    }
}
