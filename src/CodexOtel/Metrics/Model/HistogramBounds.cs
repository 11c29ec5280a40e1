namespace CodexOtel.Metrics.Model;

/// <summary>Histogram bucket bounds: the spanmetrics connector's defaults, and which bucket a value falls in.</summary>
public static class HistogramBounds
{
    /// <summary>The collector's spanmetrics connector's default buckets, in milliseconds.</summary>
    public static double[] SpanMetricsMilliseconds { get; } = [2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000];

    /// <summary>For fsync latency: a tenth of a millisecond to a second.</summary>
    public static double[] FsyncMilliseconds { get; } = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000];

    /// <summary>
    /// The index of the bucket of <paramref name="value"/>: the first bound it does not exceed (a bucket's bound is
    /// inclusive, as Prometheus' <c>le</c> and OTel's explicit bounds say), or <c>bounds.Length</c> for +Inf.
    /// </summary>
    public static int Bucket(double[] bounds, double value)
    {
        var at = Array.BinarySearch(bounds, value);
        return at >= 0 ? LowestEqual(bounds, at) : ~at;
    }

    private static int LowestEqual(double[] bounds, int at)
    {
        while (at > 0 && bounds[at - 1] == bounds[at])
        {
            at--;
        }

        return at;
    }
}
