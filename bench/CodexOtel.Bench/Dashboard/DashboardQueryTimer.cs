using System.Diagnostics;
using CodexOtel.Codex;
using CodexOtel.Query;
using CodexOtel.Store;
using CodexOtel.Store.Sqlite;

namespace CodexOtel.Bench.Dashboard;

/// <summary>One query's times: the first call on a freshly opened store, then the warm runs.</summary>
internal sealed record DashboardTiming(string Page, string Query, int Rows, TimeSpan Cold, TimeSpan WarmMedian, TimeSpan WarmMax);

/// <summary>Times each dashboard query against a data folder, in process.</summary>
internal sealed class DashboardQueryTimer(string dataDir, int runs, TextWriter log)
{
    private sealed record Case(string Page, string Query, Func<ConversationQueries, Task<int>> Run);

    public async Task<List<DashboardTiming>> RunAsync(CancellationToken cancellationToken)
    {
        var (now, word, tool) = await ProbeAsync(cancellationToken);
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var week = now.AddDays(-7);
        var month = now.AddDays(-30);
        var utc = TimeZoneInfo.Utc;
        log.WriteLine($"== now = {now:u} (the newest conversation's start); search word: {word}; tool: {tool}; {runs} warm runs each");

        string? secondPage = null;
        string? searchNext = null;
        var newest = new ConversationQuery();
        Case[] cases =
        [
            new("home", "list 50 newest + count", async q => (await q.ListPageAsync(newest)).Conversations.Count),
            new("home", "totals today", async q => (int)(await q.TotalsAsync(today, now)).Conversations),
            new("home", "totals 7 d", async q => (int)(await q.TotalsAsync(week, now)).Conversations),
            new("home", "totals 30 d", async q => (int)(await q.TotalsAsync(month, now)).Conversations),
            new("home", "totals all time", async q => (int)(await q.TotalsAsync(DateTimeOffset.UnixEpoch, now)).Conversations),
            new("home", "series 2 d (hourly)", async q => (await q.SeriesAsync(now.AddDays(-2), now, utc)).Points.Count),
            new("home", "series 30 d (daily)", async q => (await q.SeriesAsync(month, now, utc)).Points.Count),
            new("home", "series 365 d (daily)", async q => (await q.SeriesAsync(now.AddDays(-365), now, utc)).Points.Count),
            new("home", "top 10 by cost, 30 d", async q => (await q.TopByCostAsync(month, now, 10)).Count),
            new("home", "top 10 by cost, all time", async q => (await q.TopByCostAsync(DateTimeOffset.UnixEpoch, now, 10)).Count),
            new("home", "rolling 5 h + 7 d", async q => (await q.RollingUsageAsync(now)).LastSevenDays.Turns),
            new("conversations", "page 2 (cursor) + count", async q =>
            {
                secondPage ??= (await q.ListPageAsync(newest)).Next;
                return (await q.ListPageAsync(newest with { After = PageCursor.Conversation(secondPage, newest) })).Conversations.Count;
            }),
            .. Sorts(),
            new("conversations", "cost ascending + count", async q => (await q.ListPageAsync(new ConversationQuery { Sort = ConversationSort.Cost, Ascending = true })).Conversations.Count),
            new("conversations", "30 d by cost + count", async q => (await q.ListPageAsync(new ConversationQuery { Since = month, Sort = ConversationSort.Cost })).Conversations.Count),
            new("conversations", "with errors, by tokens + count", async q => (await q.ListPageAsync(new ConversationQuery { HasErrors = true, Sort = ConversationSort.Tokens })).Conversations.Count),
            new("conversations", "model gpt-5.5 + count", async q => (await q.ListPageAsync(new ConversationQuery { Model = "gpt-5.5" })).Conversations.Count),
            new("conversations", $"text \"{word}\" + count", async q => (await q.ListPageAsync(new ConversationQuery { Text = word })).Conversations.Count),
            new("tools", "per tool, today", async q => (await q.ToolsAsync(today, now)).Count),
            new("tools", "per tool, 30 d", async q => (await q.ToolsAsync(month, now)).Count),
            new("tools", "per tool, 7 d", async q => (await q.ToolsAsync(week, now)).Count),
            new("tools", "per tool, all time", async q => (await q.ToolsAsync(null, null)).Count),
            new("tools", $"{tool} calls, page 1", async q => (await q.ToolCallsAsync(new ToolCallQuery(tool))).Calls.Count),
            new("search", $"\"{word}\" page 1", async q => (await q.SearchPageAsync(new SearchQuery(word))).Hits.Count),
            new("search", $"\"{word}\" page 2", async q =>
            {
                searchNext ??= (await q.SearchPageAsync(new SearchQuery(word))).Next;
                return (await q.SearchPageAsync(new SearchQuery(word) { After = searchNext })).Hits.Count;
            }),
        ];

        var timings = new List<DashboardTiming>();
        foreach (var c in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            timings.Add(await TimeAsync(c));
        }

        timings.Add(await RepriceAsync());
        return timings;
    }

    private static IEnumerable<Case> Sorts() =>
        new[] { ConversationSort.Cost, ConversationSort.Tokens, ConversationSort.Turns, ConversationSort.ToolCalls, ConversationSort.Errors, ConversationSort.Duration }
            .Select(sort => new Case("conversations", $"by {sort.ToString().ToLowerInvariant()} + count", async q =>
                (await q.ListPageAsync(new ConversationQuery { Sort = sort })).Conversations.Count));

    private async Task<DashboardTiming> TimeAsync(Case c)
    {
        // Cold-ish: a new connection has an empty page cache.
        TimeSpan cold;
        int rows;
        using (var fresh = SqliteConversationStore.Open(dataDir))
        {
            var clock = Stopwatch.StartNew();
            rows = await c.Run(new ConversationQueries(fresh, PriceTable.BuiltIn));
            cold = clock.Elapsed;
        }

        using var store = SqliteConversationStore.Open(dataDir);
        var queries = new ConversationQueries(store, PriceTable.BuiltIn);
        await c.Run(queries);
        var warm = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await c.Run(queries);
            warm.Add(clock.Elapsed);
        }

        warm.Sort();
        var timing = new DashboardTiming(c.Page, c.Query, rows, cold, warm[warm.Count / 2], warm[^1]);
        log.WriteLine($"   {c.Page,-13} {c.Query,-34} {Ms(timing.Cold),9} {Ms(timing.WarmMedian),9} {Ms(timing.WarmMax),9}  ({rows} rows)");
        return timing;
    }

    // What a changed price file costs once: every conversation repriced, then back.
    private async Task<DashboardTiming> RepriceAsync()
    {
        using var store = SqliteConversationStore.Open(dataDir);
        var changed = PriceTable.BuiltIn.With([new("gpt-5.5", new ModelPrice(9m, 0.9m, 90m))]);
        var clock = Stopwatch.StartNew();
        await store.UsePricesAsync(changed);
        var once = clock.Elapsed;
        await store.UsePricesAsync(PriceTable.BuiltIn);
        var timing = new DashboardTiming("(once)", "reprice after a price change", 0, once, once, once);
        log.WriteLine($"   {timing.Page,-13} {timing.Query,-34} {Ms(once),9}");
        return timing;
    }

    private async Task<(DateTimeOffset Now, string Word, string Tool)> ProbeAsync(CancellationToken cancellationToken)
    {
        using var store = SqliteConversationStore.Open(dataDir);
        var newest = (await store.ListAsync(new ConversationQuery { Limit = 1 }, cancellationToken)).Conversations[0];
        var tools = await store.ToolStatsAsync(null, null, cancellationToken);
        return (newest.Started.AddHours(1), Conversations.CodexVocabulary.SearchWord, tools.Count > 0 ? tools[0].Tool : "exec_command");
    }

    internal static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
