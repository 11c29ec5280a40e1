namespace CodexOtel.Bench.Dashboard;

/// <summary>The table of <c>dashboard</c>, in milliseconds, each warm median against the target.</summary>
internal static class DashboardReport
{
    /// <summary>Issue 15: every API call a page makes answers in this at the server.</summary>
    public static readonly TimeSpan Target = TimeSpan.FromMilliseconds(50);

    public static void Write(TextWriter log, IReadOnlyList<DashboardTiming> timings)
    {
        log.WriteLine();
        log.WriteLine("| page | query | rows | cold-ish ms | warm median ms | warm max ms | ≤ 50 ms |");
        log.WriteLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var t in timings)
        {
            var pass = t.Page == "(once)" ? "—" : t.WarmMedian <= Target ? "yes" : "**no**";
            log.WriteLine($"| {t.Page} | {t.Query} | {t.Rows} | {DashboardQueryTimer.Ms(t.Cold)} | {DashboardQueryTimer.Ms(t.WarmMedian)} | {DashboardQueryTimer.Ms(t.WarmMax)} | {pass} |");
        }

        log.WriteLine($"load average (1 min): {Conversations.Series.CurrentLoadAverage()}");
    }
}
