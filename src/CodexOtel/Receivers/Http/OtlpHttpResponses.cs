using System.Text.Json;
using CodexOtel.Otlp;
using CodexOtel.Pipeline;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Receivers.Http;

/// <summary>OTLP/HTTP answers: the export response on success, a google.rpc.Status on error, in the request's encoding.</summary>
internal static class OtlpHttpResponses
{
    public static Task WriteSuccessAsync(HttpResponse response, Signal signal, ExportOutcome outcome, OtlpPayloadFormat format)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = format.ContentType();
        if (format == OtlpPayloadFormat.Json)
        {
            return response.WriteAsync(SuccessJson(signal, outcome));
        }

        var message = ExportResponse(signal, outcome);
        return response.Body.WriteAsync(message.ToByteArray()).AsTask();
    }

    public static Task WriteErrorAsync(HttpResponse response, int statusCode, string message, OtlpPayloadFormat format, TimeSpan? retryAfter)
    {
        response.StatusCode = statusCode;
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (statusCode == StatusCodes.Status405MethodNotAllowed)
        {
            response.Headers.Allow = "POST";
        }

        response.ContentType = format.ContentType();
        var status = new Google.Rpc.Status { Code = GrpcCodeOf(statusCode), Message = message };
        return format == OtlpPayloadFormat.Json
            ? response.WriteAsync(JsonSerializer.Serialize(new StatusBody(status.Code, status.Message), ReceiverJsonContext.Default.StatusBody))
            : response.Body.WriteAsync(status.ToByteArray()).AsTask();
    }

    private static IMessage ExportResponse(Signal signal, ExportOutcome outcome)
    {
        var rejected = outcome.RejectedRecords;
        var text = outcome.Message ?? "";
        return signal switch
        {
            Signal.Logs => rejected == 0 ? new ExportLogsServiceResponse()
                : new ExportLogsServiceResponse { PartialSuccess = new() { RejectedLogRecords = rejected, ErrorMessage = text } },
            Signal.Traces => rejected == 0 ? new ExportTraceServiceResponse()
                : new ExportTraceServiceResponse { PartialSuccess = new() { RejectedSpans = rejected, ErrorMessage = text } },
            _ => rejected == 0 ? new ExportMetricsServiceResponse()
                : new ExportMetricsServiceResponse { PartialSuccess = new() { RejectedDataPoints = rejected, ErrorMessage = text } },
        };
    }

    private static string SuccessJson(Signal signal, ExportOutcome outcome)
    {
        if (outcome.RejectedRecords == 0)
        {
            return "{}";
        }

        var key = signal switch
        {
            Signal.Logs => "rejectedLogRecords",
            Signal.Traces => "rejectedSpans",
            _ => "rejectedDataPoints",
        };
        return $"{{\"partialSuccess\":{{\"{key}\":\"{outcome.RejectedRecords}\",\"errorMessage\":{JsonSerializer.Serialize(outcome.Message ?? "", ReceiverJsonContext.Default.String)}}}}}";
    }

    /// <summary>The gRPC code matching an HTTP status, as OTLP pairs them.</summary>
    private static int GrpcCodeOf(int httpStatus) => httpStatus switch
    {
        400 => 3, // INVALID_ARGUMENT
        401 => 16, // UNAUTHENTICATED
        404 => 12, // UNIMPLEMENTED
        405 => 12,
        408 => 4, // DEADLINE_EXCEEDED: the body arrived too slowly
        413 => 8, // RESOURCE_EXHAUSTED
        415 => 3,
        429 => 8,
        503 => 14, // UNAVAILABLE
        _ => 2, // UNKNOWN
    };
}

/// <summary>google.rpc.Status in OTLP-JSON form.</summary>
internal sealed record StatusBody(int Code, string Message);
