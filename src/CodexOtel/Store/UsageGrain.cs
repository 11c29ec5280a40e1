namespace CodexOtel.Store;

/// <summary>
/// How coarse the rows of <see cref="IConversationReader.UsageBucketsAsync"/> may be: each row sums a span of this
/// length or shorter, aligned on UTC, so that a caller grouping them (into a zone's hours or days, or a whole range)
/// never has to split one. The store keeps hourly and daily rollups, so a long range is a few hundred rows.
/// </summary>
public enum UsageGrain
{
    /// <summary>15-minute buckets: any zone's hours and days (every offset is a multiple of 15 minutes).</summary>
    QuarterHour = 1,

    /// <summary>UTC hours: the hours and days of zones whose offsets are whole hours.</summary>
    Hour = 4,

    /// <summary>UTC days: a range's totals, or days in UTC.</summary>
    Day = 96,
}

/// <summary>Splits a range of buckets into the fewest aligned spans of the grains a store keeps.</summary>
public static class UsageSpans
{
    /// <summary>One span: rows of <paramref name="Width"/> buckets starting at bucket numbers in [<paramref name="From"/>, <paramref name="Until"/>).</summary>
    public readonly record struct Span(int Width, long From, long Until);

    /// <summary>
    /// The spans that together hold exactly the buckets [<paramref name="from"/>, <paramref name="until"/>): whole days
    /// in the middle, whole hours beside them, single buckets at the ends (at most 3 on each side).
    /// </summary>
    public static List<Span> Cover(long from, long until, UsageGrain coarsest)
    {
        var spans = new List<Span>();
        int[] widths = [.. new[] { (int)UsageGrain.Day, (int)UsageGrain.Hour, (int)UsageGrain.QuarterHour }.Where(w => w <= (int)coarsest)];
        Cover(Math.Max(from, 0), Math.Min(until, LastBucket), widths, spans);
        return spans;
    }

    // Buckets are counted from 0001-01-01; clamping an open range keeps the rounding below from overflowing.
    private static readonly long LastBucket = DateTimeOffset.MaxValue.UtcTicks / UsageBuckets.BucketTicks + 1;

    private static void Cover(long from, long until, ReadOnlySpan<int> widths, List<Span> spans)
    {
        if (from >= until)
        {
            return;
        }

        var width = widths[0];
        var first = (from + width - 1) / width * width;
        var last = until / width * width;
        if (widths.Length == 1 || first >= last)
        {
            if (widths.Length == 1)
            {
                spans.Add(new Span(width, from, until));
            }
            else
            {
                Cover(from, until, widths[1..], spans);
            }

            return;
        }

        Cover(from, first, widths[1..], spans);
        spans.Add(new Span(width, first, last));
        Cover(last, until, widths[1..], spans);
    }
}
