using System.Globalization;

namespace CodexOtel.Store;

/// <summary>
/// Fixed buckets of tool call durations, for percentiles over ranges too long to sort every call: log-scale upper
/// bounds 2^(k/4) ms for k = 0…88 (1 ms to ~70 min, each bucket 19 % wider than the one before), and one bucket above
/// the last. A percentile is estimated as Prometheus' <c>histogram_quantile</c> does: the bucket that holds the wanted
/// rank, interpolated linearly inside it. The nearest-rank duration lies in that same bucket, so the estimate is off
/// by less than the bucket's width (under 19 % of the duration; above ~70 min it is the last bound).
/// Stored as columns of <c>tool_rollup</c> (schema 9): never change the bounds, add a migration.
/// </summary>
internal static class ToolDurationHistogram
{
    private const int StepsPerDoubling = 4;

    /// <summary>
    /// Tool events spanning up to this (inside the range asked for) give exact percentiles: every duration is read.
    /// Longer spans sum whole hours and days from the store's rollup and the events of the partial hours at the edges,
    /// with percentiles estimated from these buckets.
    /// </summary>
    public static readonly TimeSpan ExactUpTo = TimeSpan.FromDays(1);

    /// <summary>The finite upper bounds, ms, inclusive; bucket <c>Bounds.Length</c> holds what lies above the last.</summary>
    public static readonly double[] Bounds = [.. Enumerable.Range(0, 89).Select(k => Math.Pow(2, k / (double)StepsPerDoubling))];

    public static int BucketCount => Bounds.Length + 1;

    /// <summary>The bucket of a duration: the first whose bound it does not exceed.</summary>
    public static int BucketOf(double durationMs)
    {
        var at = Array.BinarySearch(Bounds, durationMs);
        return at >= 0 ? at : ~at;
    }

    /// <summary>SQL that is true when <paramref name="column"/> (ms) lies in bucket <paramref name="bucket"/>, with the bounds as stored.</summary>
    public static string SqlIn(string column, int bucket)
    {
        var above = bucket == 0 ? null : $"{column} > {Sql(Bounds[bucket - 1])}";
        var upTo = bucket == Bounds.Length ? null : $"{column} <= {Sql(Bounds[bucket])}";
        return $"({string.Join(" AND ", new[] { above, upTo }.OfType<string>())})";
    }

    /// <summary>The share <paramref name="q"/> of the durations counted in <paramref name="counts"/>, estimated; null when none.</summary>
    public static double? Quantile(IReadOnlyList<long> counts, double q)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = q * total;
        var below = 0L;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] > 0 && below + counts[i] >= rank)
            {
                if (i == Bounds.Length)
                {
                    return Bounds[^1];
                }

                var low = i == 0 ? 0 : Bounds[i - 1];
                return Math.Round(low + ((Bounds[i] - low) * (rank - below) / counts[i]), 1);
            }

            below += counts[i];
        }

        return Bounds[^1];
    }

    private static string Sql(double bound) => bound.ToString("R", CultureInfo.InvariantCulture);
}
