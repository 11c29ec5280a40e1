using CodexOtel.Metrics.Health;
using CodexOtel.Otlp;
using Grpc.Core;

namespace CodexOtel.Receivers.Grpc;

/// <summary>
/// Caps gRPC exports in progress. gRPC reads a whole message into memory before a service sees it, so the cap is
/// applied before that: past it the call is answered UNAVAILABLE at once (trailers-only) and the client retries.
/// An admitted call's message frame is checked first (<see cref="GrpcRequestFrame"/>).
/// </summary>
internal sealed class GrpcAdmission(ReceiverOptions options, RecorderTelemetry telemetry)
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentGrpcExports);

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!_slots.Wait(0))
        {
            telemetry.Refused(SignalOf(context.Request.Path), "grpc", RefusalReasons.Overloaded);
            context.Response.Headers["grpc-retry-pushback-ms"] = "1000";
            WriteTrailersOnly(context.Response, new Status(StatusCode.Unavailable, "recorder busy; retry later"));
            return;
        }

        try
        {
            if (await GrpcRequestFrame.PrepareAsync(context, options.MaxRequestBytes) is { } refusal)
            {
                telemetry.Refused(SignalOf(context.Request.Path), "grpc", refusal.StatusCode == StatusCode.ResourceExhausted ? RefusalReasons.TooLarge : RefusalReasons.Invalid);
                WriteTrailersOnly(context.Response, refusal);
                return;
            }

            await next(context);
        }
        finally
        {
            _slots.Release();
        }
    }

    // /opentelemetry.proto.collector.logs.v1.LogsService/Export and the like.
    private static Signal? SignalOf(PathString path) =>
        path.Value?.Contains(".logs.", StringComparison.Ordinal) == true ? Signal.Logs
        : path.Value?.Contains(".trace.", StringComparison.Ordinal) == true ? Signal.Traces
        : path.Value?.Contains(".metrics.", StringComparison.Ordinal) == true ? Signal.Metrics
        : null;

    /// <summary>A gRPC answer with no message: the status travels in the response headers.</summary>
    private static void WriteTrailersOnly(HttpResponse response, Status status)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(status.Detail);
    }
}
