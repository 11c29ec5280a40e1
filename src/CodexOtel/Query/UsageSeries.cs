using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Query;

/// <summary>Sums the store's usage rows into the hours or days of a zone, every one of the range present.</summary>
internal static class UsageSeries
{
    /// <summary>
    /// The coarsest rows that never straddle one of the zone's hours or days: UTC days for days in a zone always at
    /// UTC, hours in a zone whose offsets are all whole hours, else quarter hours (India, Nepal, a half-hour DST).
    /// </summary>
    public static UsageGrain Grain(TimeZoneInfo zone, bool hourly)
    {
        var offsets = zone.GetAdjustmentRules()
            .SelectMany(r => new[] { zone.BaseUtcOffset + r.BaseUtcOffsetDelta, zone.BaseUtcOffset + r.BaseUtcOffsetDelta + r.DaylightDelta })
            .Append(zone.BaseUtcOffset)
            .ToList();
        return !hourly && offsets.All(o => o == TimeSpan.Zero) ? UsageGrain.Day
            : offsets.All(o => o.Ticks % TimeSpan.TicksPerHour == 0) ? UsageGrain.Hour
            : UsageGrain.QuarterHour;
    }

    public static UsageSeriesView Of(
        DateTimeOffset since, DateTimeOffset until, TimeZoneInfo zone, bool hourly, IReadOnlyList<UsageBucketRow> rows, PriceTable prices)
    {
        var byStart = rows.GroupBy(r => Floor(r.Start, zone, hourly)).ToDictionary(g => g.Key, g => g.ToList());
        var points = new List<UsageSeriesPointView>();
        for (var start = Floor(since, zone, hourly); start < until; start = Next(start, zone, hourly))
        {
            points.Add(Point(start, byStart.GetValueOrDefault(start) ?? [], prices));
        }

        var models = ModelUsageView.Of(rows, prices).Select(m => m.Model).ToList();
        return new UsageSeriesView(hourly ? "hour" : "day", models, points);
    }

    private static UsageSeriesPointView Point(DateTimeOffset start, List<UsageBucketRow> rows, PriceTable prices)
    {
        var models = ModelUsageView.Of(rows, prices);
        return new UsageSeriesPointView(
            start.ToUniversalTime(),
            rows.Sum(r => r.Turns),
            rows.Sum(r => r.Responses),
            TokensView.Of(rows.Aggregate(TokenUsage.Zero, (sum, r) => sum + r.Tokens)),
            ModelUsageView.Total(models),
            models);
    }

    /// <summary>The start of the local hour or day that holds <paramref name="time"/>, as an instant.</summary>
    private static DateTimeOffset Floor(DateTimeOffset time, TimeZoneInfo zone, bool hourly)
    {
        var local = TimeZoneInfo.ConvertTime(time, zone);
        var floor = hourly
            ? new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified)
            : local.Date;
        return Instant(floor, zone);
    }

    // Hours step in absolute time (a DST change makes a local hour repeat or vanish, never a bucket of two hours).
    private static DateTimeOffset Next(DateTimeOffset start, TimeZoneInfo zone, bool hourly) =>
        hourly ? Floor(start.AddHours(1), zone, hourly) : Instant(TimeZoneInfo.ConvertTime(start, zone).Date.AddDays(1), zone);

    // A local midnight that does not exist (a DST jump at midnight) starts at the first instant that does.
    private static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
