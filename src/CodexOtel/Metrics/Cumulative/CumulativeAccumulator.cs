using CodexOtel.Metrics.Model;

namespace CodexOtel.Metrics.Cumulative;

/// <summary>
/// Takes points into cumulative series as the collector's <c>deltatocumulative</c> processor does. A series starts
/// with its first point (its start time, or its time when it has none). A delta point is added to its series unless
/// it starts before the series did (it belongs to an older series: <c>older_start</c>) or is not newer than the
/// series' last point (a duplicate or late point: <c>out_of_order</c>); a gap between points is fine, since deltas
/// need not be contiguous. A histogram whose bounds changed starts its series again from the point (a reset). A
/// cumulative point or gauge replaces its series when newer; a cumulative point with a new start time is the
/// client's own reset, passed on as Prometheus expects (the value falls, the start moves).
/// </summary>
internal static class CumulativeAccumulator
{
    /// <summary>Takes <paramref name="point"/> into <paramref name="family"/>; the reason it was dropped, or null (under the family's lock).</summary>
    public static string? Take(MetricFamily family, LabelSet labels, IncomingPoint point, PointTemporality temporality)
    {
        var start = point.StartUnixNano > 0 ? point.StartUnixNano : point.TimeUnixNano;
        var existing = family.Existing(labels);
        if (existing is null)
        {
            if (family.Find(labels, start) is not { } created)
            {
                return DropReasons.SeriesLimit;
            }

            Replace(created, point, start);
            return null;
        }

        if (temporality == PointTemporality.Delta && point.StartUnixNano > 0 && point.StartUnixNano < existing.StartUnixNano)
        {
            return DropReasons.OlderStart;
        }

        if (point.TimeUnixNano <= existing.TimeUnixNano)
        {
            return DropReasons.OutOfOrder;
        }

        var histogram = family.Descriptor.Type == MetricType.Histogram;
        if (temporality == PointTemporality.Cumulative || (histogram && !existing.Bounds.AsSpan().SequenceEqual(point.Bounds)))
        {
            Replace(existing, point, start);
            return null;
        }

        existing.TimeUnixNano = point.TimeUnixNano;
        existing.Value += point.Value;
        if (histogram)
        {
            existing.Count += point.Count;
            existing.Sum += point.Sum;
            for (var i = 0; i < existing.BucketCounts.Length && i < point.BucketCounts.Length; i++)
            {
                existing.BucketCounts[i] += point.BucketCounts[i];
            }
        }

        return null;
    }

    private static void Replace(MetricSeries series, IncomingPoint point, long start)
    {
        series.StartUnixNano = start;
        series.TimeUnixNano = point.TimeUnixNano;
        series.Value = point.Value;
        series.Count = point.Count;
        series.Sum = point.Sum;
        series.Bounds = point.Bounds;
        series.BucketCounts = Buckets(point);
    }

    // A histogram without bucket counts has only the +Inf bucket; counts beyond the bounds are cut.
    private static ulong[] Buckets(IncomingPoint point)
    {
        var buckets = new ulong[point.Bounds.Length + 1];
        if (point.BucketCounts.Length == 0)
        {
            buckets[^1] = point.Count;
        }
        else
        {
            point.BucketCounts.AsSpan(0, Math.Min(buckets.Length, point.BucketCounts.Length)).CopyTo(buckets);
        }

        return buckets;
    }
}
