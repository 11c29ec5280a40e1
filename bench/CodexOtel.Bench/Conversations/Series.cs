using System.Globalization;

namespace CodexOtel.Bench.Conversations;

/// <summary>The runs of one command: median and fastest wall time, highest peak RSS, median CPU time.</summary>
internal sealed record Series(string Key, string Command, string What, IReadOnlyList<Measurement> Runs, double LoadAverage)
{
    public TimeSpan Median => Middle(Runs.Select(r => r.Wall));

    public TimeSpan Min => Runs.Min(r => r.Wall);

    public long PeakRss => Runs.Max(r => r.PeakRss);

    public TimeSpan Cpu => Middle(Runs.Select(r => r.Cpu));

    /// <summary>The 1-minute load average now (other people's work on the shared cores).</summary>
    public static double CurrentLoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static TimeSpan Middle(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
