using CodexOtel.Metrics.Model;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Metrics.Cumulative;

/// <summary>
/// <c>target_info</c>, as the OpenTelemetry spec's Prometheus compatibility and the collector's Prometheus exporter
/// write it: one gauge of 1 per resource that sent metrics, labelled with its job and instance and with its other
/// attributes (service.name, service.namespace and service.instance.id are already job and instance). A query joins
/// it on job and instance to group any series by a resource attribute (host.name, service.version, who sent it).
/// </summary>
internal static class TargetInfo
{
    public static readonly MetricDescriptor Descriptor = new("target_info", "", "Target metadata", MetricType.Gauge);

    private static readonly HashSet<string> InJobAndInstance = new(StringComparer.Ordinal) { "service.name", "service.namespace", "service.instance.id" };

    /// <summary>Marks the resource as seen with a point of <paramref name="timeUnixNano"/> (its staleness counts from there).</summary>
    public static void Set(MetricFamily family, Resource? resource, long timeUnixNano)
    {
        var labels = new List<KeyValuePair<string, string>>(ResourceLabels.From(resource));
        foreach (var attribute in resource?.Attributes ?? [])
        {
            if (!InJobAndInstance.Contains(attribute.Key) && attribute.Key is not ("job" or "instance"))
            {
                labels.Add(KeyValuePair.Create(attribute.Key, ClientMetrics.Text(attribute.Value)));
            }
        }

        lock (family.Gate)
        {
            if (family.Find(LabelSet.From(labels), timeUnixNano) is { } series)
            {
                series.Value = 1;
                series.TimeUnixNano = Math.Max(series.TimeUnixNano, timeUnixNano);
            }
        }
    }
}
