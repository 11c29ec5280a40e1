using CodexOtel.Metrics.Exposition;

namespace CodexOtel.Metrics.Model;

/// <summary>
/// A series' labels: Prometheus names (sanitised as the collector's exporter does), sorted by name, no empty value
/// (Prometheus treats an empty label as absent). Compared by content, so it keys a family's series.
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>
{
    private readonly int _hash;

    private LabelSet(KeyValuePair<string, string>[] labels)
    {
        Labels = labels;
        var hash = default(HashCode);
        foreach (var (name, value) in labels)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        _hash = hash.ToHashCode();
    }

    public static LabelSet Empty { get; } = new([]);

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; }

    /// <summary>
    /// From OTel attribute keys and values: keys sanitised; two keys that sanitise alike have their values joined with
    /// ';' in key order, as the collector's exporter does.
    /// </summary>
    public static LabelSet From(IEnumerable<KeyValuePair<string, string>> attributes)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (value.Length == 0)
            {
                continue;
            }

            var name = PrometheusNames.LabelName(key);
            merged[name] = merged.TryGetValue(name, out var earlier) ? earlier + ";" + value : value;
        }

        return merged.Count == 0 ? Empty : new LabelSet([.. merged]);
    }

    /// <summary>From label names that are already valid Prometheus names (the program's own metrics).</summary>
    public static LabelSet Of(params (string Name, string Value)[] labels) =>
        From(labels.Select(l => KeyValuePair.Create(l.Name, l.Value)));

    public string? this[string name] => Labels.FirstOrDefault(l => l.Key == name).Value;

    public bool Equals(LabelSet? other)
    {
        if (other is null || other._hash != _hash || other.Labels.Count != Labels.Count)
        {
            return false;
        }

        for (var i = 0; i < Labels.Count; i++)
        {
            if (!string.Equals(Labels[i].Key, other.Labels[i].Key, StringComparison.Ordinal)
                || !string.Equals(Labels[i].Value, other.Labels[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => _hash;
}
