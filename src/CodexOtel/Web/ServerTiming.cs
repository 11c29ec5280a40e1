using System.Diagnostics;
using System.Globalization;

namespace CodexOtel.Web;

/// <summary>
/// <c>Server-Timing: app;dur=…</c> on each API answer: how long the server took, in milliseconds, from the request
/// reaching the API until its headers went out — the query and the first part of the JSON (all of it, for an answer
/// under the serialiser's buffer). Browsers show it in their developer tools and expose it to the page
/// (<c>PerformanceResourceTiming.serverTiming</c>); the dashboard's browser benchmark reads it.
/// </summary>
internal static class ServerTiming
{
    public const string HeaderName = "Server-Timing";

    /// <summary>Adds the header, timed from now, when the response starts.</summary>
    public static void Start(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var response = context.Response;
        response.OnStarting(() =>
        {
            response.Headers[HeaderName] = Format(Stopwatch.GetElapsedTime(started));
            return Task.CompletedTask;
        });
    }

    public static string Format(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"app;dur={elapsed.TotalMilliseconds:0.0}");
}
