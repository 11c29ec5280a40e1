using System.Globalization;

namespace CodexOtel.Bench.Browser;

/// <summary>
/// The tables of <c>dashboard-browser</c> (Markdown, for BENCHMARKS.md) and whether each target was met: a page's
/// median time to its data, each API call's median server time, every list bounded, and export→page at the 95th
/// percentile.
/// </summary>
internal static class BrowserReport
{
    public const double PageTargetMs = 500;
    public const double ApiTargetMs = 50;
    public const double LiveTargetMs = 1000;

    /// <summary>Writes the tables; returns the targets missed.</summary>
    public static List<string> Write(TextWriter log, IReadOnlyList<PageResult> pages, IReadOnlyList<ExportSample> exports)
    {
        var missed = new List<string>();
        log.WriteLine();
        log.WriteLine($"Pages: from navigation start to the page showing its data, headless chromium, {pages.FirstOrDefault()?.Loads.Count ?? 0} loads after a warm-up (target: median ≤ {PageTargetMs:0} ms)");
        log.WriteLine();
        log.WriteLine("| page | variant | median ms | max ms | first API call at (median) ms | API calls | ≤ 500 ms |");
        log.WriteLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var page in pages)
        {
            var ready = page.Ready;
            var pass = page.Error is null && ready.Median <= PageTargetMs;
            if (!pass)
            {
                missed.Add($"{page.Case.Page} {page.Case.Variant}: {(page.Error ?? $"median {Ms(ready.Median)} ms")}");
            }

            var calls = page.Loads.Count == 0 ? 0 : page.Loads.Max(l => l.Calls.Count);
            log.WriteLine($"| {page.Case.Page} | {page.Case.Variant} | {Ms(ready.Median)} | {Ms(ready.Max)} | {Ms(page.FirstApi.Median)} | {calls} | {Verdict(pass)} |");
        }

        log.WriteLine();
        log.WriteLine($"API calls the pages made: the server's time (Server-Timing) and the browser's wait for the whole answer (target: server median ≤ {ApiTargetMs:0} ms; every list carries limit= and returns at most that many)");
        log.WriteLine();
        log.WriteLine("| page | variant | API call | server median ms | server max ms | browser median ms | rows | KB | bounded | ≤ 50 ms |");
        log.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---|---|");
        foreach (var page in pages)
        {
            foreach (var group in page.Loads.SelectMany(l => l.Calls).GroupBy(c => c.Label))
            {
                var server = Spread.Of(group.Select(c => c.ServerMs));
                var browser = Spread.Of(group.Select(c => c.BrowserMs));
                var unbounded = group.Select(c => c.Unbounded).FirstOrDefault(u => u is not null);
                var failed = group.FirstOrDefault(c => c.Status is < 200 or >= 300);
                var fast = server.Median <= ApiTargetMs;
                if (!fast || unbounded is not null || failed is not null)
                {
                    missed.Add($"{page.Case.Page} {page.Case.Variant}: {group.Key}: " +
                        (failed is not null ? $"HTTP {failed.Status}" : unbounded ?? $"server median {Ms(server.Median)} ms"));
                }

                var rows = group.Max(c => c.Rows);
                var kb = group.Max(c => c.Bytes) / 1024.0;
                log.WriteLine($"| {page.Case.Page} | {page.Case.Variant} | `{group.Key}` | {Ms(server.Median)} | {Ms(server.Max)} | {Ms(browser.Median)} | {rows?.ToString(CultureInfo.InvariantCulture) ?? "–"} | {kb.ToString("0.0", CultureInfo.InvariantCulture)} | {(unbounded is null ? "yes" : $"**no: {unbounded}**")} | {Verdict(fast && failed is null)} |");
            }
        }

        if (exports.Count > 0)
        {
            log.WriteLine();
            log.WriteLine($"Export → open page: from serve's 200 to the event in the page's DOM, {exports.Count} exports (target: 95th percentile ≤ {LiveTargetMs:0} ms; below 0: the page had it before the client had its 200)");
            log.WriteLine();
            log.WriteLine("| what | median ms | p95 ms | max ms | ≤ 1 s |");
            log.WriteLine("|---|---:|---:|---:|---|");
            var ack = Spread.Of(exports.Select(e => e.AckMs));
            log.WriteLine($"| export → 200 (ledger durable) | {Ms(ack.Median)} | {Ms(ack.P95)} | {Ms(ack.Max)} | – |");
            foreach (var (name, spread) in new[] { ("200 → Live page shows its events", Spread.Of(exports.Select(e => e.LiveMs))), ("200 → Home lists the conversation", Spread.Of(exports.Select(e => e.HomeMs))) })
            {
                var pass = spread.P95 <= LiveTargetMs;
                if (!pass)
                {
                    missed.Add($"{name}: p95 {Ms(spread.P95)} ms");
                }

                log.WriteLine($"| {name} | {Ms(spread.Median)} | {Ms(spread.P95)} | {Ms(spread.Max)} | {Verdict(pass)} |");
            }
        }

        log.WriteLine();
        log.WriteLine($"load average (1 min): {Conversations.Series.CurrentLoadAverage()}");
        return missed;
    }

    private static string Verdict(bool pass) => pass ? "yes" : "**no**";

    private static string Ms(double ms) => double.IsNaN(ms) ? "–" : ms.ToString("0.0", CultureInfo.InvariantCulture);
}
