using System.Text.Json;
using CodexOtel.Consumers;
using CodexOtel.Ledger;
using CodexOtel.Metrics.Model;

namespace CodexOtel.Metrics.State;

/// <summary>
/// <c>consumer-{name}.state</c> in the data folder: a metrics consumer's checkpoint together with its series as of
/// that checkpoint, in one file written atomically (<see cref="AtomicFile"/>, 0600). Keeping both in one file is what
/// makes a restart exact: the counters resume from the values they had at the checkpoint, and the lines after it are
/// consumed again on top, so nothing is counted twice or lost and nothing is reset. (Replaying the whole ledger at each
/// start was the other way; its cost grows with the ledger, and until it finished a scrape would see the counters
/// fall, which Prometheus reads as a reset.) A missing file means: from the start of the ledger.
/// </summary>
internal sealed class MetricsStateFile(string dataDir, string consumerName)
{
    public string Path { get; } = System.IO.Path.Combine(dataDir, $"consumer-{consumerName}.state");

    public MetricsState? Load()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, MetricsStateJsonContext.Default.MetricsState)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new IOException($"{System.IO.Path.GetFileName(Path)} is not a metrics state file ({e.Message}); move it aside to rebuild the metrics from the ledger", e);
        }
    }

    public void Save(LedgerCheckpoint checkpoint, IEnumerable<MetricFamily> families)
    {
        var state = new MetricsState(checkpoint.SegmentId, checkpoint.Offset, [.. families.Select(Capture)]);
        AtomicFile.Write(dataDir, Path, JsonSerializer.SerializeToUtf8Bytes(state, MetricsStateJsonContext.Default.MetricsState));
    }

    /// <summary>Puts the saved series back into <paramref name="family"/>, which must be empty.</summary>
    public static void Restore(FamilyState saved, MetricFamily family)
    {
        lock (family.Gate)
        {
            foreach (var s in saved.Series)
            {
                var labels = LabelSet.From(Enumerable.Range(0, s.Labels.Length / 2).Select(i => KeyValuePair.Create(s.Labels[2 * i], s.Labels[(2 * i) + 1])));
                if (family.Find(labels, s.Start) is { } series)
                {
                    series.TimeUnixNano = s.Time;
                    series.Value = s.Value;
                    series.Count = s.Count;
                    series.Sum = s.Sum;
                    series.Bounds = s.Bounds ?? [];
                    series.BucketCounts = s.Buckets ?? [];
                }
            }
        }
    }

    private static FamilyState Capture(MetricFamily family)
    {
        lock (family.Gate)
        {
            var d = family.Descriptor;
            return new FamilyState(d.OtelName, d.Unit, d.Description, d.Type, [.. family.Series.Select(s => new SeriesState(
                [.. s.Labels.Labels.SelectMany(l => new[] { l.Key, l.Value })],
                s.StartUnixNano,
                s.TimeUnixNano,
                s.Value,
                s.Count,
                s.Sum,
                d.Type == MetricType.Histogram ? s.Bounds : null,
                d.Type == MetricType.Histogram ? s.BucketCounts : null))]);
        }
    }
}
