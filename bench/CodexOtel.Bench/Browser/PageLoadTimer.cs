using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CodexOtel.Bench.Browser;

/// <summary>
/// Loads a dashboard URL in a page and measures, from the navigation's start, when the page has shown its data
/// (the <c>dashboard:ready</c> mark wwwroot/ready.js sets), and every API request it made on the way: the server's
/// time from its Server-Timing header, the browser's wait for the whole answer, the answer's size and row count.
/// </summary>
internal sealed partial class PageLoadTimer(IPage page)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);

    // When the page showed its data, and when its first API request started (what came before is loading its scripts).
    private const string Marks = """
        () => {
          const api = performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname.startsWith('/api/')).map(e => e.startTime);
          return [performance.getEntriesByName('dashboard:ready')[0].startTime, api.length > 0 ? Math.min(...api) : NaN];
        }
        """;

    public async Task<PageLoad> LoadAsync(string path)
    {
        var pending = new ConcurrentDictionary<IRequest, bool>();
        var done = new ConcurrentQueue<IRequest>();
        void Started(object? sender, IRequest request)
        {
            if (IsApi(request))
            {
                pending[request] = true;
            }
        }

        void Ended(object? sender, IRequest request)
        {
            if (pending.TryRemove(request, out _))
            {
                done.Enqueue(request);
            }
        }

        page.Request += Started;
        page.RequestFinished += Ended;
        page.RequestFailed += Ended;
        try
        {
            await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            try
            {
                await page.Locator("main[data-ready]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = (float)ReadyTimeout.TotalMilliseconds });
            }
            catch (TimeoutException)
            {
                var shown = await page.Locator("main").InnerTextAsync();
                return new PageLoad(double.NaN, double.NaN, [], $"not ready within {ReadyTimeout.TotalSeconds:0} s: {Shorten(shown)}");
            }

            var marks = await page.EvaluateAsync<double[]>(Marks);
            var (readyMs, firstApiMs) = (marks[0], marks[1]);

            // Calls still under way once the data is shown (none, so far) count too.
            var deadline = DateTime.UtcNow + SettleTimeout;
            while (!pending.IsEmpty && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            var calls = new List<ApiCall>();
            foreach (var request in done)
            {
                calls.Add(await DescribeAsync(request));
            }

            return new PageLoad(readyMs, firstApiMs, calls, null);
        }
        finally
        {
            page.Request -= Started;
            page.RequestFinished -= Ended;
            page.RequestFailed -= Ended;
        }
    }

    // The live feed is a stream that stays open: it has no answer time or size.
    private static bool IsApi(IRequest request) =>
        new Uri(request.Url).AbsolutePath is var path && path.StartsWith("/api/", StringComparison.Ordinal) && path != "/api/live";

    private static async Task<ApiCall> DescribeAsync(IRequest request)
    {
        var url = new Uri(request.Url);
        var label = ApiShape.Label(url);
        var response = await request.ResponseAsync();
        if (response is null || request.Failure is not null)
        {
            return new ApiCall(label, 0, double.NaN, double.NaN, 0, null, null);
        }

        var body = await response.BodyAsync();
        var timing = await response.HeaderValueAsync("server-timing");
        var serverMs = timing is not null && Duration().Match(timing) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        var (rows, unbounded) = ApiShape.Check(url, body);
        return new ApiCall(label, response.Status, serverMs, request.Timing.ResponseEnd, body.Length, rows, unbounded);
    }

    private static string Shorten(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    [GeneratedRegex(@"app;dur=([0-9.]+)")]
    private static partial Regex Duration();
}
