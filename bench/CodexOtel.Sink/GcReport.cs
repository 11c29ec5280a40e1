using System.Diagnostics;
using System.Globalization;

namespace CodexOtel.Sink;

/// <summary>
/// The garbage collector's totals for this process, as one line the ingest runner picks up from the output, with the
/// peaks of committed GC memory and of each generation (sampled), to tell managed heap from the rest of the RSS.
/// </summary>
internal sealed class GcReport : IDisposable
{
    public const string Prefix = "gc: ";

    private static readonly string[] Generations = ["gen0", "gen1", "gen2", "LOH", "POH"];

    private readonly Timer _timer;
    private readonly long[] _peakGenerations = new long[5];
    private long _peakCommitted;

    public GcReport()
    {
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
    }

    public string Line()
    {
        Sample();
        var process = Process.GetCurrentProcess();
        var life = DateTime.Now - process.StartTime;
        var pause = GC.GetTotalPauseDuration();
        var generations = string.Join(", ", Generations.Select((name, i) => string.Create(CultureInfo.InvariantCulture, $"{name} {Mib(_peakGenerations[i])}")));
        return Prefix + string.Create(
            CultureInfo.InvariantCulture,
            $"gen0 {GC.CollectionCount(0) - GC.CollectionCount(1)}, gen1 {GC.CollectionCount(1) - GC.CollectionCount(2)}, gen2 {GC.CollectionCount(2)} collections; "
            + $"paused {pause.TotalMilliseconds:0} ms = {pause / process.TotalProcessorTime:P0} of the process's CPU time ({process.TotalProcessorTime.TotalSeconds:0.0} s in {life.TotalSeconds:0.0} s); "
            + $"allocated {GC.GetTotalAllocatedBytes() / 1048576.0:N0} MiB; peak committed {Mib(_peakCommitted)} (after-GC peaks: {generations})");
    }

    public void Dispose() => _timer.Dispose();

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0} MiB");

    private void Sample()
    {
        var info = GC.GetGCMemoryInfo();
        lock (_peakGenerations)
        {
            _peakCommitted = Math.Max(_peakCommitted, info.TotalCommittedBytes);
            var generations = info.GenerationInfo;
            for (var i = 0; i < generations.Length && i < _peakGenerations.Length; i++)
            {
                _peakGenerations[i] = Math.Max(_peakGenerations[i], generations[i].SizeAfterBytes);
            }
        }
    }
}
