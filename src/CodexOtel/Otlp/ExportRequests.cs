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

    /// <summary>Decodes a protobuf export request and checks its ids.</summary>
    /// <exception cref="InvalidExportRequestException">the bytes are not a valid request of the signal, or an id has the wrong length</exception>
    public static IMessage DecodeProtobuf(Signal signal, ReadOnlySpan<byte> body)
    {
        IMessage request;
        try
        {
            request = signal switch
            {
                Signal.Logs => ExportLogsServiceRequest.Parser.ParseFrom(body),
                Signal.Traces => ExportTraceServiceRequest.Parser.ParseFrom(body),
                _ => ExportMetricsServiceRequest.Parser.ParseFrom(body),
            };
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidExportRequestException($"the body is not a valid OTLP protobuf {signal.FileStem()} request: {e.Message}");
        }

        return WithValidIds(request);
    }

    /// <summary>The request, when every trace and span id in it has its proper length.</summary>
    /// <exception cref="InvalidExportRequestException">an id has the wrong length</exception>
    public static IMessage WithValidIds(IMessage request) =>
        OtlpIdValidator.FindInvalidId(request) is { } invalid ? throw new InvalidExportRequestException(invalid) : request;
}
