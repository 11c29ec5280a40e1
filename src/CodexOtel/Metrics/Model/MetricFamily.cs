namespace CodexOtel.Metrics.Model;

/// <summary>
/// The series of one metric, keyed by their labels, updated by the one consumer that owns the family and read by
/// scrapes; both under <see cref="Gate"/>, held only briefly.
/// </summary>
public sealed class MetricFamily(MetricDescriptor descriptor, string owner, FamilyLimits limits)
{
    private readonly Dictionary<LabelSet, MetricSeries> _series = [];

    public MetricDescriptor Descriptor { get; } = descriptor;

    /// <summary>The consumer that computes it (or "recorder" for the recorder's own telemetry).</summary>
    public string Owner { get; } = owner;

    public FamilyLimits Limits { get; } = limits;

    public object Gate { get; } = new();

    /// <summary>How many series it holds (under <see cref="Gate"/>).</summary>
    public int Count => _series.Count;

    public IEnumerable<MetricSeries> Series => _series.Values;

    /// <summary>The series of <paramref name="labels"/>, made if new; null when the family is full (under <see cref="Gate"/>).</summary>
    public MetricSeries? Find(LabelSet labels, long startUnixNano)
    {
        if (_series.TryGetValue(labels, out var series))
        {
            return series;
        }

        if (_series.Count >= Limits.MaxSeries)
        {
            if (!Limits.EvictOldest)
            {
                return null;
            }

            _series.Remove(_series.Values.MinBy(s => s.TimeUnixNano)!.Labels);
        }

        series = new MetricSeries(labels) { StartUnixNano = startUnixNano, TimeUnixNano = startUnixNano, Bounds = Descriptor.Bounds ?? [] };
        _series.Add(labels, series);
        return series;
    }

    /// <summary>The series of <paramref name="labels"/> if it exists (under <see cref="Gate"/>).</summary>
    public MetricSeries? Existing(LabelSet labels) => _series.GetValueOrDefault(labels);

    public void Remove(LabelSet labels) => _series.Remove(labels);

    /// <summary>Forgets series not updated since <paramref name="nowUnixNano"/> minus <see cref="FamilyLimits.StaleAfter"/> (under <see cref="Gate"/>).</summary>
    public void DropStale(long nowUnixNano)
    {
        if (Limits.StaleAfter is not { } after)
        {
            return;
        }

        var oldest = nowUnixNano - (long)(after.TotalMilliseconds * 1_000_000);
        foreach (var stale in _series.Values.Where(s => s.TimeUnixNano < oldest).Select(s => s.Labels).ToList())
        {
            _series.Remove(stale);
        }
    }

    /// <summary>What a scrape shows (under <see cref="Gate"/>): all series, or the most recently updated ones.</summary>
    public IEnumerable<MetricSeries> Exposed() => Limits.ExposeMostRecent is { } most
        ? _series.Values.OrderByDescending(s => s.TimeUnixNano).Take(most)
        : _series.Values;
}
