namespace CodexOtel.Metrics.Model;

/// <summary>
/// One series of a family: a cumulative value (counter, gauge) or histogram since <see cref="StartUnixNano"/>, as of
/// <see cref="TimeUnixNano"/> (the time of the last point it took, in the data's clock). Mutated only under its
/// family's lock.
/// </summary>
public sealed class MetricSeries(LabelSet labels)
{
    public LabelSet Labels { get; } = labels;

    public long StartUnixNano { get; set; }

    public long TimeUnixNano { get; set; }

    /// <summary>A counter's or gauge's value.</summary>
    public double Value { get; set; }

    /// <summary>A histogram's count and sum.</summary>
    public ulong Count { get; set; }

    public double Sum { get; set; }

    /// <summary>A histogram's upper bounds (inclusive); its buckets have one more count, for +Inf.</summary>
    public double[] Bounds { get; set; } = [];

    /// <summary>Per bucket, not cumulative: BucketCounts[i] counts values in (Bounds[i-1], Bounds[i]].</summary>
    public ulong[] BucketCounts { get; set; } = [];

    /// <summary>Adds one observation to a histogram (<see cref="HistogramBounds.Bucket"/>: le is inclusive).</summary>
    public void Observe(double value)
    {
        if (BucketCounts.Length != Bounds.Length + 1)
        {
            BucketCounts = new ulong[Bounds.Length + 1];
        }

        BucketCounts[HistogramBounds.Bucket(Bounds, value)]++;
        Count++;
        Sum += value;
    }
}
