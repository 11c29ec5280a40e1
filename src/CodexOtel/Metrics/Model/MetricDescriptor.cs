using CodexOtel.Metrics.Exposition;

namespace CodexOtel.Metrics.Model;

/// <summary>
/// A metric as OpenTelemetry names it (<paramref name="OtelName"/>, UCUM <paramref name="Unit"/>), and the Prometheus
/// name the collector's exporter gives it (<see cref="PrometheusName"/>).
/// </summary>
public sealed record MetricDescriptor(string OtelName, string Unit, string Description, MetricType Type)
{
    /// <summary>Histogram bucket bounds (upper, inclusive) for histograms this program computes; null for others.</summary>
    public double[]? Bounds { get; init; }

    public string PrometheusName { get; } = PrometheusNames.MetricName(OtelName, Unit, Type);
}
