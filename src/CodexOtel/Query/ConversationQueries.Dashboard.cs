using CodexOtel.Store;

namespace CodexOtel.Query;

/// <summary>What the dashboard asks besides lists and timelines: pages with a total, sums and series over a range, tools.</summary>
public sealed partial class ConversationQueries
{
    /// <summary>
    /// Counts past this are not made exact ("1,000+"): counting reads every row the filters match, and a filter that
    /// matches few reads far more rows than it counts (model gpt-5.5 with a cap of 10,000: 130 ms at 100,000
    /// conversations; BENCHMARKS.md, "Dashboard queries").
    /// </summary>
    public const int CountCap = 1_000;

    /// <summary>Ranges up to this long are charted per hour, longer ones per day.</summary>
    public static readonly TimeSpan HourlyUpTo = TimeSpan.FromDays(2);

    /// <summary>
    /// One page of conversations in the query's order, with the cursor of the next page and how many the filters match
    /// (exact up to <see cref="CountCap"/>). The query's <see cref="ConversationQuery.After"/> comes from
    /// <see cref="PageCursor.Conversation"/>.
    /// </summary>
    public async ValueTask<ConversationListView> ListPageAsync(ConversationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (views, next) = await PageAsync(query, cancellationToken).ConfigureAwait(false);
        var total = await store.CountAsync(query, CountCap, cancellationToken).ConfigureAwait(false);
        return new ConversationListView(views, next is null ? null : PageCursor.Of(query, next), total.Count, total.Exact);
    }

    /// <summary>The costliest conversations that started in [<paramref name="since"/>, <paramref name="until"/>), costliest first.</summary>
    public ValueTask<IReadOnlyList<ConversationView>> TopByCostAsync(
        DateTimeOffset since, DateTimeOffset until, int count, CancellationToken cancellationToken = default) =>
        ListAsync(new ConversationQuery { Since = since, Until = until, Sort = ConversationSort.Cost, Limit = Math.Max(1, count) }, cancellationToken);

    /// <summary>Conversations, turns, model calls, tokens by kind, cache hits, cost, tool calls, denials and errors in [since, until).</summary>
    public async ValueTask<UsageTotalsView> TotalsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var rows = await store.UsageBucketsAsync(since, until, UsageGrain.Day, cancellationToken).ConfigureAwait(false);
        var conversations = await store.ActiveConversationsAsync(since, until, cancellationToken).ConfigureAwait(false);
        return UsageTotalsView.Of(since, until, conversations, rows, _prices.Value);
    }

    /// <summary>The last 5 hours and the last 7 days up to <paramref name="now"/>: the windows Codex's usage limits count in.</summary>
    public async ValueTask<RollingUsageView> RollingUsageAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        new(
            await TotalsAsync(now.AddHours(-5), now, cancellationToken).ConfigureAwait(false),
            await TotalsAsync(now.AddDays(-7), now, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Tokens and cost per hour (ranges up to <see cref="HourlyUpTo"/>) or per day, bucketed in <paramref name="zone"/>
    /// as <c>usage</c> buckets days, with every model's share for stacked charts.
    /// </summary>
    public async ValueTask<UsageSeriesView> SeriesAsync(
        DateTimeOffset since, DateTimeOffset until, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var hourly = until - since <= HourlyUpTo;
        var rows = await store.UsageBucketsAsync(since, until, UsageSeries.Grain(zone, hourly), cancellationToken).ConfigureAwait(false);
        return UsageSeries.Of(since, until, zone, hourly, rows, _prices.Value);
    }

    /// <summary>Per tool, the calls in [since, until): calls, failures and their rate, denials, p50 and p95 duration; most called first.</summary>
    public async ValueTask<IReadOnlyList<ToolStatsView>> ToolsAsync(
        DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default) =>
        [.. (await store.ToolStatsAsync(since, until, cancellationToken).ConfigureAwait(false)).Select(ToolStatsView.Of)];

    /// <summary>
    /// One page of a tool's calls, newest first, with the cursor of the next page; <paramref name="after"/> is a
    /// previous page's <see cref="ToolCallPageView.Next"/> (else <see cref="FormatException"/>).
    /// </summary>
    public async ValueTask<ToolCallPageView> ToolCallsAsync(ToolCallQuery query, string? after = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await store.ToolCallsAsync(query with { After = PageCursor.ToolCall(after) ?? query.After }, cancellationToken).ConfigureAwait(false);
        return new ToolCallPageView([.. page.Calls.Select(ToolCallView.Of)], page.Next is { } next ? PageCursor.Of(next) : null);
    }
}
