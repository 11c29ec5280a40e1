namespace CodexOtel.Metrics.Cumulative;

/// <summary>A data point as it came (a number, or a histogram's count, sum, bounds and per-bucket counts).</summary>
internal readonly record struct IncomingPoint(long StartUnixNano, long TimeUnixNano, double Value)
{
    public ulong Count { get; init; }

    public double Sum { get; init; }

    public double[] Bounds { get; init; } = [];

    public ulong[] BucketCounts { get; init; } = [];
}

/// <summary>How a point is taken into its series.</summary>
internal enum PointTemporality
{
    /// <summary>Adds to the series (OTel DELTA).</summary>
    Delta,

    /// <summary>Replaces the series (OTel CUMULATIVE, and gauges).</summary>
    Cumulative,
}

/// <summary>Why a point was not taken; the <c>reason</c> label of codex_otel_metrics_dropped_points_total.</summary>
internal static class DropReasons
{
    public const string SeriesLimit = "series_limit";
    public const string OutOfOrder = "out_of_order";
    public const string OlderStart = "older_start";
    public const string Unsupported = "unsupported";
    public const string Conflict = "conflict";
}
