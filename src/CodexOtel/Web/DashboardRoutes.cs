namespace CodexOtel.Web;

/// <summary>
/// Where a request to the dashboard's port goes: /api/… to the JSON API, /assets/… to an embedded file, a page's
/// path to the pages' shell (index.html; the page's script reads the rest of the URL), anything else 404. A small
/// router of its own rather than endpoint routing: the dashboard's routes must not join the OTLP ports' route table.
/// </summary>
internal sealed class DashboardRoutes(DashboardData data, LiveFeed feed, DashboardAssets assets)
{
    /// <summary>The first path segment of each page; the shell decides what the rest means.</summary>
    private static readonly HashSet<string> Pages = new(StringComparer.Ordinal) { "", "conversations", "tools", "live", "search", "health" };

    private readonly DashboardApi _api = new(data, feed);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return;
        }

        var path = request.Path.Value ?? "/";
        var segments = path.Trim('/').Split('/');
        if (segments[0] == "api")
        {
            await _api.HandleAsync(context, segments.AsMemory(1)).ConfigureAwait(false);
            return;
        }

        if (segments[0] == "assets" && assets.Find(path["/assets/".Length..]) is { } asset && !path.EndsWith("index.html", StringComparison.Ordinal))
        {
            await DashboardAssets.WriteAsync(context, asset).ConfigureAwait(false);
            return;
        }

        if (Pages.Contains(segments[0]) && assets.Find("index.html") is { } shell)
        {
            await DashboardAssets.WriteAsync(context, shell).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("not a page of the codex-otel dashboard\n").ConfigureAwait(false);
    }
}
