using CodexOtel.Codex;
using CodexOtel.Query;
using CodexOtel.Store;
using CodexOtel.Store.Sqlite;
using CodexOtel.Tests.E2E.Support;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Query;

/// <summary>The query layer's dashboard reads: pages with totals and cursors, totals, series in a zone, rolling windows, tools, search pages.</summary>
public sealed class DashboardQueriesTests : IDisposable
{
    private static readonly TimeZoneInfo Plus2 = TimeZoneInfo.CreateCustomTimeZone("test+2", TimeSpan.FromHours(2), "test+2", "test+2");
    private static readonly PriceTable Prices = PriceTable.Of(new Dictionary<string, ModelPrice> { ["gpt-5"] = new(1m, 0.1m, 10m) });

    private readonly TempDirectory _dir = new("dashboard");
    private readonly SqliteConversationStore _store;
    private readonly ConversationQueries _queries;

    public DashboardQueriesTests()
    {
        _store = SqliteConversationStore.Open(_dir.Path);
        _queries = new ConversationQueries(_store, Prices);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_list_page_carries_a_cursor_to_the_next_and_the_total_and_a_cursor_of_another_sort_is_refused()
    {
        _store.SaveSummaries(Only([.. Enumerable.Range(0, 5).Select(n => Summary($"conv-{n}", T0.AddMinutes(n)) with { Turns = n })]));
        var query = new ConversationQuery { Sort = ConversationSort.Turns, Ascending = true, Limit = 2 };

        var first = await _queries.ListPageAsync(query);
        var second = await _queries.ListPageAsync(query with { After = PageCursor.Conversation(first.Next, query) });

        Assert.Equal((5L, true), (first.Total, first.TotalExact));
        Assert.Equal(["conv-0", "conv-1", "conv-2", "conv-3"], first.Conversations.Concat(second.Conversations).Select(c => c.Id));
        Assert.Throws<FormatException>(() => PageCursor.Conversation(first.Next, query with { Ascending = false }));
        Assert.Throws<FormatException>(() => PageCursor.Conversation("not a cursor", query));
    }

    [Fact]
    public async Task Totals_add_up_a_ranges_usage_with_cache_hits_and_cost_per_model()
    {
        Index(Conversation("conv-a", T0));
        Index(Conversation("conv-b", T0.AddHours(3)));
        Index(Conversation("conv-old", T0.AddDays(-10)));

        var totals = await _queries.TotalsAsync(T0.AddHours(-1), T0.AddHours(4));

        Assert.Equal((2L, 2, 4, 2), (totals.Conversations, totals.Turns, totals.ModelCalls, totals.ToolCalls));
        Assert.Equal(new TokensView(480, 80, 120, 40), totals.Tokens);
        Assert.Equal(16.7, totals.CacheHitPercent);
        Assert.Equal(2 * Prices.Cost("gpt-5", new TokenUsage(240, 40, 60, 20)), totals.CostUsd);
        Assert.Equal("gpt-5", Assert.Single(totals.Models).Model);
    }

    [Fact]
    public async Task A_series_is_hourly_up_to_two_days_and_daily_beyond_with_every_bucket_in_the_zones_hours_and_days()
    {
        Index(Conversation("conv-a", T0));
        var localMidnight = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(2));

        var hourly = await _queries.SeriesAsync(localMidnight, localMidnight.AddDays(2), Plus2);
        var daily = await _queries.SeriesAsync(localMidnight.AddDays(-5), localMidnight.AddDays(2), Plus2);

        Assert.Equal(("hour", 48), (hourly.Bucket, hourly.Points.Count));
        var busy = Assert.Single(hourly.Points, p => p.ModelCalls > 0);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero), busy.Start);
        Assert.Equal(Prices.Cost("gpt-5", new TokenUsage(240, 40, 60, 20)), Assert.Single(busy.Models).CostUsd);
        Assert.Equal(("day", 7), (daily.Bucket, daily.Points.Count));
        Assert.All(daily.Points, p => Assert.Equal(22, p.Start.Hour));
        Assert.Equal(new TokensView(240, 40, 60, 20), daily.Points[5].Tokens);
        Assert.Equal(["gpt-5"], daily.Models);
    }

    [Fact]
    public async Task Rolling_usage_counts_the_last_five_hours_and_the_last_seven_days()
    {
        Index(Conversation("conv-recent", T0.AddHours(-1)));
        Index(Conversation("conv-this-week", T0.AddDays(-3)));
        Index(Conversation("conv-last-month", T0.AddDays(-30)));

        var rolling = await _queries.RollingUsageAsync(T0);

        Assert.Equal((1, 2), (rolling.LastFiveHours.Turns, rolling.LastFiveHours.ModelCalls));
        Assert.Equal((2, 4), (rolling.LastSevenDays.Turns, rolling.LastSevenDays.ModelCalls));
    }

    [Fact]
    public async Task Top_by_cost_lists_the_costliest_conversations_that_started_in_the_range()
    {
        _store.SaveSummaries(Only(
            Summary("cheap", T0) with { TokensByModel = new Dictionary<string, TokenUsage> { ["gpt-5"] = new(10, 0, 1, 0) } },
            Summary("dear", T0.AddMinutes(1)),
            Summary("dear-but-old", T0.AddDays(-9))));

        var top = await _queries.TopByCostAsync(T0.AddDays(-1), T0.AddDays(1), 5);

        Assert.Equal(["dear", "cheap"], top.Select(c => c.Id));
    }

    [Fact]
    public async Task Tools_report_failure_rates_and_a_tools_calls_page_by_cursor()
    {
        Index(Conversation("conv-a", T0));
        Index(Conversation("conv-b", T0.AddMinutes(5)));

        var tools = await _queries.ToolsAsync(null, null);
        var first = await _queries.ToolCallsAsync(new ToolCallQuery("exec_command") { Limit = 1 });
        var second = await _queries.ToolCallsAsync(new ToolCallQuery("exec_command") { Limit = 1 }, first.Next);

        Assert.Equal(new ToolStatsView("exec_command", 2, 0, 0, 0, 19.5, 19.5), Assert.Single(tools));
        Assert.Equal(["conv-b", "conv-a"], first.Calls.Concat(second.Calls).Select(c => c.Conversation));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task Search_pages_follow_their_cursor_and_each_hit_names_its_turn()
    {
        foreach (var n in Enumerable.Range(0, 3))
        {
            Index(Conversation($"conv-{n}", T0.AddMinutes(n), prompt: "deploy the cluster"));
        }

        var first = await _queries.SearchPageAsync(new SearchQuery("cluster") { Limit = 2 });
        var second = await _queries.SearchPageAsync(new SearchQuery("cluster") { Limit = 2, After = first.Next });

        Assert.Equal(["conv-2", "conv-1", "conv-0"], first.Hits.Concat(second.Hits).Select(h => h.Conversation));
        Assert.All(first.Hits.Concat(second.Hits), h => Assert.Equal(1, h.Turn));
        Assert.Null(second.Next);
    }

    private void Index(List<CodexEvent> events)
    {
        _store.Apply(events, "logs", null);
        _store.SaveSummaries([Indexed(events)]);
    }
}
