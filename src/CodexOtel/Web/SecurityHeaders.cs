namespace CodexOtel.Web;

/// <summary>
/// What every dashboard response says about itself: scripts and styles only from the dashboard (no inline script,
/// so text that slipped into markup could not run), never framed, never sniffed, not cached unless the route says so.
/// No CORS header is ever sent: other origins cannot read the API.
/// </summary>
internal static class SecurityHeaders
{
    // uPlot sizes its elements through element.style (CSSOM), which style-src 'self' allows; only inline style
    // attributes and <style> elements would need 'unsafe-inline'.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static Task ApplyAsync(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        return next();
    }
}
