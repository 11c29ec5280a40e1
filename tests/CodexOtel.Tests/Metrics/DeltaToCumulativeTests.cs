using CodexOtel.Metrics.Cumulative;
using CodexOtel.Metrics.Model;

namespace CodexOtel.Tests.Metrics;

public sealed class DeltaToCumulativeTests
{
    private static readonly LabelSet Labels = LabelSet.Of(("tool", "exec_command"));

    private readonly MetricFamily _counter = new(new MetricDescriptor("codex.tool.call", "", "", MetricType.Counter), "test", FamilyLimits.Default);

    [Fact]
    public void Contiguous_deltas_add_up_and_keep_the_first_start_time()
    {
        Assert.Null(Delta(_counter, 100, 200, 3));
        Assert.Null(Delta(_counter, 200, 300, 4));

        var series = _counter.Existing(Labels)!;
        Assert.Equal(7, series.Value);
        Assert.Equal(100, series.StartUnixNano);
        Assert.Equal(300, series.TimeUnixNano);
    }

    [Fact]
    public void A_gap_between_deltas_is_added_as_well_since_a_new_process_starts_later()
    {
        Delta(_counter, 100, 200, 3);

        Assert.Null(Delta(_counter, 500, 600, 2));

        Assert.Equal(5, _counter.Existing(Labels)!.Value);
    }

    [Fact]
    public void A_duplicate_delta_is_dropped_as_out_of_order()
    {
        Delta(_counter, 100, 200, 3);

        Assert.Equal(DropReasons.OutOfOrder, Delta(_counter, 100, 200, 3));

        Assert.Equal(3, _counter.Existing(Labels)!.Value);
    }

    [Fact]
    public void A_late_delta_older_than_the_last_point_is_dropped_as_out_of_order()
    {
        Delta(_counter, 100, 200, 3);
        Delta(_counter, 200, 300, 1);

        Assert.Equal(DropReasons.OutOfOrder, Delta(_counter, 150, 250, 9));

        Assert.Equal(4, _counter.Existing(Labels)!.Value);
    }

    [Fact]
    public void A_delta_that_starts_before_the_series_belongs_to_an_older_series_and_is_dropped()
    {
        Delta(_counter, 100, 200, 3);

        Assert.Equal(DropReasons.OlderStart, Delta(_counter, 50, 400, 9));
    }

    [Fact]
    public void A_cumulative_point_with_a_new_start_is_the_clients_reset_and_replaces_the_series()
    {
        Cumulative(_counter, 100, 200, 10);
        Cumulative(_counter, 100, 300, 15);

        Assert.Null(Cumulative(_counter, 350, 400, 2));

        var series = _counter.Existing(Labels)!;
        Assert.Equal(2, series.Value);
        Assert.Equal(350, series.StartUnixNano);
    }

    [Fact]
    public void Delta_histograms_add_bucket_by_bucket_and_restart_when_the_bounds_change()
    {
        var family = new MetricFamily(new MetricDescriptor("codex.turn.e2e_duration_ms", "ms", "", MetricType.Histogram), "test", FamilyLimits.Default);
        Histogram(family, 100, 200, [10, 20], [1, 0, 1], sum: 30);
        Histogram(family, 200, 300, [10, 20], [0, 2, 0], sum: 30);

        var series = family.Existing(Labels)!;
        Assert.Equal([1UL, 2, 1], series.BucketCounts);
        Assert.Equal(4UL, series.Count);
        Assert.Equal(60, series.Sum);

        Assert.Null(Histogram(family, 300, 400, [5], [1, 0], sum: 1));
        Assert.Equal([1UL, 0], series.BucketCounts);
        Assert.Equal(300, series.StartUnixNano);
    }

    [Fact]
    public void A_full_family_drops_the_points_of_new_series_and_keeps_its_old_ones()
    {
        var family = new MetricFamily(new MetricDescriptor("codex.tool.call", "", "", MetricType.Counter), "test", new FamilyLimits { MaxSeries = 1 });
        Assert.Null(CumulativeAccumulator.Take(family, LabelSet.Of(("tool", "a")), new IncomingPoint(1, 2, 1), PointTemporality.Delta));

        Assert.Equal(DropReasons.SeriesLimit, CumulativeAccumulator.Take(family, LabelSet.Of(("tool", "b")), new IncomingPoint(1, 2, 1), PointTemporality.Delta));
        Assert.Null(CumulativeAccumulator.Take(family, LabelSet.Of(("tool", "a")), new IncomingPoint(2, 3, 1), PointTemporality.Delta));
        Assert.Equal(2, family.Existing(LabelSet.Of(("tool", "a")))!.Value);
    }

    [Fact]
    public void A_series_not_updated_for_longer_than_its_staleness_is_dropped()
    {
        var family = new MetricFamily(new MetricDescriptor("codex.tool.call", "", "", MetricType.Counter), "test", new FamilyLimits { StaleAfter = TimeSpan.FromMinutes(15) });
        var minute = 60_000_000_000L;
        CumulativeAccumulator.Take(family, LabelSet.Of(("tool", "old")), new IncomingPoint(0, 1 * minute, 1), PointTemporality.Delta);
        CumulativeAccumulator.Take(family, LabelSet.Of(("tool", "new")), new IncomingPoint(0, 10 * minute, 1), PointTemporality.Delta);

        family.DropStale(20 * minute);

        Assert.Null(family.Existing(LabelSet.Of(("tool", "old"))));
        Assert.NotNull(family.Existing(LabelSet.Of(("tool", "new"))));
    }

    private static string? Delta(MetricFamily family, long start, long time, double value) =>
        CumulativeAccumulator.Take(family, Labels, new IncomingPoint(start, time, value), PointTemporality.Delta);

    private static string? Cumulative(MetricFamily family, long start, long time, double value) =>
        CumulativeAccumulator.Take(family, Labels, new IncomingPoint(start, time, value), PointTemporality.Cumulative);

    private static string? Histogram(MetricFamily family, long start, long time, double[] bounds, ulong[] buckets, double sum) =>
        CumulativeAccumulator.Take(
            family,
            Labels,
            new IncomingPoint(start, time, 0) { Bounds = bounds, BucketCounts = buckets, Count = (ulong)buckets.Sum(b => (long)b), Sum = sum },
            PointTemporality.Delta);
}
