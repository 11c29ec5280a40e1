namespace CodexOtel.Metrics;

/// <summary>The <c>[metrics]</c> section: what serve's metrics consumers compute and keep.</summary>
public sealed record MetricsOptions
{
    /// <summary>Whether spans are turned into spanmetrics (and written to the metrics ledger).</summary>
    public bool SpanMetrics { get; init; } = true;

    /// <summary>How often spanmetrics are written to <c>otel-metrics.jsonl</c> (the connector's metrics_flush_interval).</summary>
    public TimeSpan SpanMetricsFlushInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attributes removed from client metrics before they are accumulated: unbounded ones, one value per turn or conversation.</summary>
    public IReadOnlyList<string> DropAttributes { get; init; } = ["turn.id", "conversation.id"];

    /// <summary>Series per client metric; points of further series are dropped and counted.</summary>
    public int MaxSeriesPerMetric { get; init; } = 2000;

    /// <summary>A client series not updated for this long is dropped from the exposition.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Parses <c>drop_attributes</c>: keys separated by commas, or "none".</summary>
    public static IReadOnlyList<string> ParseAttributeList(string text) =>
        text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)
            ? []
            : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
