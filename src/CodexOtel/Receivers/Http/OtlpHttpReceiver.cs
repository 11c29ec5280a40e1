using CodexOtel.Metrics.Health;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Pipeline;
using CodexOtel.Receivers.Keys;
using Google.Protobuf;

namespace CodexOtel.Receivers.Http;

/// <summary>
/// OTLP/HTTP: POST /v1/logs, /v1/traces, /v1/metrics, or "/" with the signal read from the body; protobuf or JSON;
/// gzip, deflate or zstd. Errors are answered as the collector does, and the server keeps serving.
/// </summary>
internal sealed class OtlpHttpReceiver(IExportSink sink, ReceiverOptions options, InFlightBudget budget, ApiKeyCheck apiKey, RecorderTelemetry telemetry, ILogger<OtlpHttpReceiver> log)
{
    /// <summary>Whether the path is one of ours (anything else falls through to other endpoints).</summary>
    public static bool Handles(PathString path) =>
        path == "/" || path == "/v1/logs" || path == "/v1/traces" || path == "/v1/metrics";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var format = OtlpPayloadFormats.FromContentType(request.ContentType);
        var signal = SignalOf(request.Path);
        try
        {
            var sender = Authorize(context);
            var payload = Check(request, format);
            using var body = await RequestBody.ReadAsync(request, budget, options.MaxRequestBytes, context.RequestAborted);
            var kind = signal ??= Detect(body.Span, payload);
            var outcome = await (payload == OtlpPayloadFormat.Json
                ? ExportJson(kind, body.Span, sender, context.RequestAborted)
                : sink.ExportProtobufAsync(kind, body.Span, sender, context.RequestAborted));
            telemetry.Took(kind, Transport, outcome.AcceptedRecords, outcome.RejectedRecords);
            await OtlpHttpResponses.WriteSuccessAsync(context.Response, kind, outcome, payload);
        }
        catch (InvalidExportRequestException e)
        {
            telemetry.Refused(signal, Transport, RefusalReasons.Invalid);
            log.LogDebug("OTLP/HTTP {Path} refused as invalid", request.Path);
            await OtlpHttpResponses.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, e.Message, format ?? OtlpPayloadFormat.Json, null);
        }
        catch (ExportTooLargeException e)
        {
            telemetry.Refused(signal, Transport, RefusalReasons.TooLarge);
            log.LogDebug("OTLP/HTTP {Path} refused as too large to decode", request.Path);
            await OtlpHttpResponses.WriteErrorAsync(context.Response, StatusCodes.Status413PayloadTooLarge, e.Message, format ?? OtlpPayloadFormat.Json, null);
        }
        catch (HttpReceiverException e)
        {
            telemetry.Refused(signal, Transport, RefusalReasons.ForStatus(e.StatusCode));
            log.LogDebug("OTLP/HTTP {Path} refused with {Status}", request.Path, e.StatusCode);
            await OtlpHttpResponses.WriteErrorAsync(context.Response, e.StatusCode, e.Message, format ?? OtlpPayloadFormat.Json, e.RetryAfter);
        }
        catch (ExportRefusedException e)
        {
            var status = e.Kind == RefusalKind.Overloaded ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
            telemetry.Refused(signal, Transport, RefusalReasons.ForStatus(status));
            log.LogWarning("OTLP/HTTP {Path} refused with {Status}: {Reason}", request.Path, status, e.Kind);
            await OtlpHttpResponses.WriteErrorAsync(context.Response, status, e.Message, format ?? OtlpPayloadFormat.Json, e.RetryAfter);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limits: body too large or too slow.
            telemetry.Refused(signal, Transport, RefusalReasons.ForStatus(e.StatusCode));
            log.LogDebug("OTLP/HTTP {Path} bad request {Status}", request.Path, e.StatusCode);
            if (!context.Response.HasStarted)
            {
                await OtlpHttpResponses.WriteErrorAsync(context.Response, e.StatusCode, e.Message, format ?? OtlpPayloadFormat.Json, null);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    private const string Transport = "http";

    private static Signal? SignalOf(PathString path) => path.Value switch
    {
        "/v1/logs" => Signal.Logs,
        "/v1/traces" => Signal.Traces,
        "/v1/metrics" => Signal.Metrics,
        _ => null,
    };

    /// <summary>Who sends the request: its key's name and its address.</summary>
    private ExportSender Authorize(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            throw new HttpReceiverException(StatusCodes.Status405MethodNotAllowed, $"{request.Method} is not allowed; OTLP/HTTP uses POST");
        }

        if (!apiKey.TryAuthorize(request.Headers.Authorization, request.Headers["x-api-key"], KeyRole.Ingest, out var keyName))
        {
            throw new HttpReceiverException(StatusCodes.Status401Unauthorized, "missing or wrong API key; send Authorization: Bearer <key>");
        }

        return ExportSender.Of(keyName, context.Connection.RemoteIpAddress);
    }

    private static OtlpPayloadFormat Check(HttpRequest request, OtlpPayloadFormat? format) =>
        format ?? throw new HttpReceiverException(
            StatusCodes.Status415UnsupportedMediaType,
            $"Content-Type \"{request.ContentType}\" is not supported; use application/x-protobuf or application/json");

    private static Signal Detect(ReadOnlySpan<byte> body, OtlpPayloadFormat format)
    {
        Signal? signal;
        try
        {
            signal = format == OtlpPayloadFormat.Json ? OtlpJsonDecoder.DetectSignal(body) : ProtobufSignalSniffer.Detect(body);
        }
        catch (FormatException e)
        {
            throw new HttpReceiverException(StatusCodes.Status400BadRequest, $"the body is not valid OTLP-JSON: {e.Message}");
        }

        // A body with no records cannot be told apart and holds nothing to keep: any signal accepts it empty.
        return signal ?? (IsEmpty(body, format) ? Signal.Logs : throw new HttpReceiverException(
            StatusCodes.Status400BadRequest,
            "cannot tell whether the body holds logs, traces or metrics; POST it to /v1/logs, /v1/traces or /v1/metrics"));
    }

    private static bool IsEmpty(ReadOnlySpan<byte> body, OtlpPayloadFormat format) =>
        format == OtlpPayloadFormat.Protobuf
            ? body.IsEmpty
            : body.IsEmpty || body.Trim(" \t\r\n"u8).SequenceEqual("{}"u8);

    /// <summary>OTLP-JSON is always decoded: within the shared <see cref="DecodeBudget"/>, until the sink has encoded it.</summary>
    private ValueTask<ExportOutcome> ExportJson(Signal signal, ReadOnlySpan<byte> body, ExportSender sender, CancellationToken cancellationToken)
    {
        using (DecodeBudget.Shared.Admit(ExportLimits.CheckJson(body)))
        {
            return sink.ExportAsync(signal, DecodeJson(signal, body), sender, cancellationToken);
        }
    }

    private static IMessage DecodeJson(Signal signal, ReadOnlySpan<byte> body)
    {
        IMessage message;
        try
        {
            message = body.IsEmpty ? ExportRequests.Empty(signal) : OtlpJsonDecoder.Decode(signal, body);
        }
        catch (FormatException e)
        {
            throw new HttpReceiverException(StatusCodes.Status400BadRequest, $"the body is not a valid OTLP-JSON {signal.FileStem()} request: {e.Message}");
        }

        return ExportRequests.WithValidIds(message);
    }
}
