namespace CodexOtel.Metrics.Model;

/// <summary>What a metric family exposes, in Prometheus' terms (an OTel monotonic sum is a counter; any other sum a gauge).</summary>
public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
