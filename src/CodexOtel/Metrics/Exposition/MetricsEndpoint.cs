using System.IO.Compression;
using System.Text;
using CodexOtel.Metrics.Model;
using CodexOtel.Receivers;

namespace CodexOtel.Metrics.Exposition;

/// <summary>
/// GET /metrics: the registry in the format the Accept header asks for, gzip-compressed when Accept-Encoding allows
/// it. With an API key set, the scraper must send it as the receivers' clients do (Prometheus:
/// <c>authorization: {type: Bearer, credentials: KEY}</c>).
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (request.Path != Path)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }

        var services = context.RequestServices;
        if (!services.GetRequiredService<ApiKeyCheck>().IsAuthorized(request.Headers.Authorization, request.Headers["x-api-key"]))
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            response.Headers.WWWAuthenticate = "Bearer";
            return;
        }

        var registry = services.GetRequiredService<MetricRegistry>();
        var format = ExpositionFormats.Negotiate(request.Headers.Accept);
        var body = Encoding.UTF8.GetBytes(ExpositionWriter.Write(registry.Collect(), format, registry.NowUnixNano));
        response.ContentType = format.ContentType();
        response.Headers.CacheControl = "no-store";
        if (AcceptsGzip(request))
        {
            response.Headers.ContentEncoding = "gzip";
            using var compressed = new MemoryStream();
            await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                await gzip.WriteAsync(body, context.RequestAborted);
            }

            body = compressed.ToArray();
        }

        response.ContentLength = body.Length;
        if (HttpMethods.IsGet(request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(value => value?.Split(',').Any(coding =>
            coding.Split(';')[0].Trim().Equals("gzip", StringComparison.OrdinalIgnoreCase) && !coding.Replace(" ", "", StringComparison.Ordinal).Contains("q=0", StringComparison.Ordinal)) == true);
}
