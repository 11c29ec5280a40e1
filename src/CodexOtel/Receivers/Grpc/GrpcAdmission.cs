
namespace CodexOtel.Receivers.Grpc;

/// <summary>
/// Caps gRPC exports in progress. gRPC reads a whole message into memory before a service sees it, so the cap is
/// applied before that: past it the call is answered UNAVAILABLE at once (trailers-only) and the client retries.
/// </summary>
internal sealed class GrpcAdmission(ReceiverOptions options)
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentGrpcExports);

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!_slots.Wait(0))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "14";
            context.Response.Headers["grpc-message"] = "recorder busy; retry later";
            context.Response.Headers["grpc-retry-pushback-ms"] = "1000";
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            _slots.Release();
        }
    }
}
