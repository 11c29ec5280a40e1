using System.Collections.Concurrent;

namespace CodexOtel.Metrics.Model;

/// <summary>
/// Every metric family serve exposes, by Prometheus name. Consumers add and update their families; collectors
/// registered with <see cref="OnCollect"/> set gauges that are read at scrape time (ledger lag).
/// </summary>
public sealed class MetricRegistry(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly List<Action> _collectors = [];

    public MetricRegistry()
        : this(TimeProvider.System)
    {
    }

    public TimeProvider Clock { get; } = clock;

    public long NowUnixNano => Clock.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;

    /// <summary>
    /// The family of <paramref name="descriptor"/>'s Prometheus name, made if new; null when another owner has it, or
    /// it has another type (two clients' metrics that translate to one name, or a client's named like ours).
    /// </summary>
    public MetricFamily? Family(MetricDescriptor descriptor, string owner, FamilyLimits? limits = null)
    {
        var family = _families.GetOrAdd(descriptor.PrometheusName, _ => new MetricFamily(descriptor, owner, limits ?? FamilyLimits.Default));
        return family.Owner == owner && family.Descriptor.Type == descriptor.Type ? family : null;
    }

    /// <summary>The family of <paramref name="descriptor"/>, which this program defines and so always gets.</summary>
    public MetricFamily Own(MetricDescriptor descriptor, string owner, FamilyLimits? limits = null) =>
        Family(descriptor, owner, limits) ?? throw new InvalidOperationException($"{descriptor.PrometheusName} is defined twice");

    /// <summary>The families <paramref name="owner"/> computes.</summary>
    public IReadOnlyList<MetricFamily> Owned(string owner) => [.. _families.Values.Where(f => f.Owner == owner)];

    /// <summary>Runs <paramref name="collect"/> before each scrape.</summary>
    public void OnCollect(Action collect)
    {
        lock (_collectors)
        {
            _collectors.Add(collect);
        }
    }

    /// <summary>Runs the collectors and returns the families, sorted by name, for a scrape.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        Action[] collectors;
        lock (_collectors)
        {
            collectors = [.. _collectors];
        }

        foreach (var collect in collectors)
        {
            collect();
        }

        return [.. _families.Values.OrderBy(f => f.Descriptor.PrometheusName, StringComparer.Ordinal)];
    }
}
