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

    // Unknown fields are never written to the ledger; kept, each would cost an object.
    private static readonly MessageParser<ExportLogsServiceRequest> LogsParser = ExportLogsServiceRequest.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<ExportTraceServiceRequest> TracesParser = ExportTraceServiceRequest.Parser.WithDiscardUnknownFields(true);
    private static readonly MessageParser<ExportMetricsServiceRequest> MetricsParser = ExportMetricsServiceRequest.Parser.WithDiscardUnknownFields(true);

    /// <summary>
    /// Decodes a protobuf export request and checks its ids; and first its <see cref="ExportLimits"/>, unless
    /// <c>limitsChecked</c> says the caller ran <see cref="ExportLimits.CheckProtobuf"/> on these bytes already.
    /// </summary>
    /// <exception cref="InvalidExportRequestException">the bytes are not a valid request of the signal, or an id has the wrong length</exception>
    /// <exception cref="ExportTooLargeException">it holds more values than <see cref="ExportLimits.MaxValues"/></exception>
    public static IMessage DecodeProtobuf(Signal signal, ReadOnlySpan<byte> body, bool limitsChecked = false)
    {
        if (!limitsChecked)
        {
            ExportLimits.CheckProtobuf(signal, body);
        }

        IMessage request;
        try
        {
            request = signal switch
            {
                Signal.Logs => LogsParser.ParseFrom(body),
                Signal.Traces => TracesParser.ParseFrom(body),
                _ => MetricsParser.ParseFrom(body),
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
