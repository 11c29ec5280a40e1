namespace CodexOtel.Bench.Browser;

/// <summary>Median, 95th percentile (nearest rank) and maximum of some timings, in milliseconds.</summary>
internal readonly record struct Spread(double Median, double P95, double Max, int Count)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Spread(double.NaN, double.NaN, double.NaN, 0);
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        var p95 = sorted[Math.Max(0, (int)Math.Ceiling(0.95 * sorted.Length) - 1)];
        return new Spread(median, p95, sorted[^1], sorted.Length);
    }
}
