using CodexOtel.Otlp;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Receivers.Grpc;

/// <summary>The OTLP Logs, Trace and Metrics <c>Export</c> methods, taking each request's undecoded bytes.</summary>
internal sealed class OtlpGrpcServices(GrpcExportHandler handler)
{
    public async Task<ExportLogsServiceResponse> ExportLogs(GrpcPayload request, ServerCallContext context)
    {
        var outcome = await handler.ExportAsync(Signal.Logs, request, context);
        return outcome.RejectedRecords == 0 ? new() : new()
        {
            PartialSuccess = new() { RejectedLogRecords = outcome.RejectedRecords, ErrorMessage = outcome.Message ?? "" },
        };
    }

    public async Task<ExportTraceServiceResponse> ExportTraces(GrpcPayload request, ServerCallContext context)
    {
        var outcome = await handler.ExportAsync(Signal.Traces, request, context);
        return outcome.RejectedRecords == 0 ? new() : new()
        {
            PartialSuccess = new() { RejectedSpans = outcome.RejectedRecords, ErrorMessage = outcome.Message ?? "" },
        };
    }

    public async Task<ExportMetricsServiceResponse> ExportMetrics(GrpcPayload request, ServerCallContext context)
    {
        var outcome = await handler.ExportAsync(Signal.Metrics, request, context);
        return outcome.RejectedRecords == 0 ? new() : new()
        {
            PartialSuccess = new() { RejectedDataPoints = outcome.RejectedRecords, ErrorMessage = outcome.Message ?? "" },
        };
    }
}

/// <summary>
/// Binds <see cref="OtlpGrpcServices"/> to the OTLP service names with a pass-through request marshaller, in place of
/// the generated service bases, which would decode every request into message objects first.
/// </summary>
internal sealed class OtlpGrpcMethodProvider : IServiceMethodProvider<OtlpGrpcServices>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OtlpGrpcServices> context)
    {
        context.AddUnaryMethod(Export(LogsService.Descriptor.FullName, ExportLogsServiceResponse.Parser), [], (s, r, c) => s.ExportLogs(r, c));
        context.AddUnaryMethod(Export(TraceService.Descriptor.FullName, ExportTraceServiceResponse.Parser), [], (s, r, c) => s.ExportTraces(r, c));
        context.AddUnaryMethod(Export(MetricsService.Descriptor.FullName, ExportMetricsServiceResponse.Parser), [], (s, r, c) => s.ExportMetrics(r, c));
    }

    private static Method<GrpcPayload, TResponse> Export<TResponse>(string service, MessageParser<TResponse> parser)
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.Unary, service, "Export", GrpcPayload.Marshaller, Marshallers.Create(r => r.ToByteArray(), parser.ParseFrom));
}
