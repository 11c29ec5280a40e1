using System.Globalization;
using CodexOtel.Otlp;

namespace CodexOtel.Ledger;

/// <summary>
/// One file of a signal's ledger stream. The active segment is <c>otel-{signal}.jsonl</c>, the name the collector's
/// file exporter uses; rotated ones are <c>otel-{signal}-{UTC time}.jsonl</c>, then <c>.jsonl.zst</c> once compressed.
/// Each has its hash chain beside it in <c>{segment}.chain</c>.
/// </summary>
public sealed record LedgerSegment(Signal Signal, string DataPath, string ChainPath, bool IsActive)
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH-mm-ss.fff'Z'";

    public bool IsCompressed => DataPath.EndsWith(".zst", StringComparison.Ordinal);

    public string FileName => Path.GetFileName(DataPath);

    /// <summary>When a rotated segment was rotated (from its name): its lines are all older. Null for the active one.</summary>
    public DateTime? RotatedAt
    {
        get
        {
            var stem = $"otel-{Signal.FileStem()}-";
            var end = FileName.IndexOf(".jsonl", StringComparison.Ordinal);
            return !IsActive && end > stem.Length
                && DateTime.TryParseExact(FileName[stem.Length..end], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : null;
        }
    }

    public static string ActiveDataName(Signal signal) => $"otel-{signal.FileStem()}.jsonl";

    public static LedgerSegment Active(string folder, Signal signal)
    {
        var data = Path.Combine(folder, ActiveDataName(signal));
        return new LedgerSegment(signal, data, data + ".chain", IsActive: true);
    }

    /// <summary>The uncompressed name a segment gets when it is rotated at <paramref name="time"/>.</summary>
    public static string RotatedDataPath(string folder, Signal signal, DateTime time) =>
        Path.Combine(folder, $"otel-{signal.FileStem()}-{FileTime(time)}.jsonl");

    /// <summary>A time as ledger file names spell it: UTC, to the millisecond, sorting in time order.</summary>
    public static string FileTime(DateTime time) => time.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The chain file of a rotated segment: named after the uncompressed data file.</summary>
    public static string ChainPathOf(string dataPath) =>
        (dataPath.EndsWith(".zst", StringComparison.Ordinal) ? dataPath[..^4] : dataPath) + ".chain";

    /// <summary>All segments of a signal, oldest first, the active one last (when it exists).</summary>
    public static IReadOnlyList<LedgerSegment> List(string folder, Signal signal)
    {
        var result = new List<LedgerSegment>();
        if (!Directory.Exists(folder))
        {
            return result;
        }

        var prefix = $"otel-{signal.FileStem()}-";
        var rotated = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder, prefix + "*.jsonl*"))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".jsonl", StringComparison.Ordinal))
            {
                rotated[name] = path;
            }
            else if (name.EndsWith(".jsonl.zst", StringComparison.Ordinal))
            {
                // An uncompressed twin wins only until compression completes; the compressed one is complete
                // (it is renamed into place after fsync), so prefer it.
                rotated[name[..^4]] = path;
            }
        }

        foreach (var path in rotated.Values)
        {
            result.Add(new LedgerSegment(signal, path, ChainPathOf(path), IsActive: false));
        }

        var active = Active(folder, signal);
        if (File.Exists(active.DataPath) || File.Exists(active.ChainPath))
        {
            result.Add(active);
        }

        return result;
    }
}
