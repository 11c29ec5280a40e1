using CodexOtel.Store;

namespace CodexOtel.Tests.Store;

public sealed class ToolDurationHistogramTests
{
    [Fact]
    public void A_duration_falls_in_the_first_bucket_whose_bound_it_does_not_exceed()
    {
        Assert.Equal(0, ToolDurationHistogram.BucketOf(0));
        Assert.Equal(0, ToolDurationHistogram.BucketOf(1));
        Assert.Equal(8, ToolDurationHistogram.BucketOf(4));
        Assert.Equal(9, ToolDurationHistogram.BucketOf(4.001));
        Assert.Equal(ToolDurationHistogram.Bounds.Length, ToolDurationHistogram.BucketOf(1e12));
    }

    [Fact]
    public void A_percentile_interpolates_inside_the_bucket_that_holds_its_rank_and_is_the_last_bound_above_them_all()
    {
        var counts = new long[ToolDurationHistogram.BucketCount];
        Assert.Null(ToolDurationHistogram.Quantile(counts, 0.5));

        counts[8] = 10; // (2^(7/4), 4] ms
        counts[12] = 10; // (2^(11/4), 8] ms
        Assert.Equal(Math.Round(Math.Pow(2, 1.75) + ((4 - Math.Pow(2, 1.75)) * 10 / 10), 1), ToolDurationHistogram.Quantile(counts, 0.5));
        Assert.Equal(Math.Round(Math.Pow(2, 2.75) + ((8 - Math.Pow(2, 2.75)) * 9 / 10), 1), ToolDurationHistogram.Quantile(counts, 0.95));

        counts[^1] = 100;
        Assert.Equal(ToolDurationHistogram.Bounds[^1], ToolDurationHistogram.Quantile(counts, 0.95));
    }
}
