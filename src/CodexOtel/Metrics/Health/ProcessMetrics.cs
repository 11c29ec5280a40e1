using System.Diagnostics;
using CodexOtel.Metrics.Model;

namespace CodexOtel.Metrics.Health;

/// <summary>
/// serve's own process, read at each scrape, as the collector exposes its own (<c>otelcol_process_cpu_seconds</c>,
/// <c>otelcol_process_memory_rss</c>, <c>otelcol_process_runtime_*</c>): CPU time, resident memory and uptime under the
/// OpenTelemetry semantic conventions' <c>process.*</c> names, and the .NET heap the collections keep.
/// </summary>
internal sealed class ProcessMetrics
{
    public static readonly MetricDescriptor CpuTime = new("codex_otel.process.cpu.time", "s", "CPU time serve has used, user and system", MetricType.Counter);
    public static readonly MetricDescriptor Memory = new("codex_otel.process.memory.usage", "By", "serve's resident memory (RSS)", MetricType.Gauge);
    public static readonly MetricDescriptor Uptime = new("codex_otel.process.uptime", "s", "Seconds since serve started", MetricType.Gauge);
    public static readonly MetricDescriptor HeapSize = new("codex_otel.runtime.heap.size", "By", "The managed heap as of the last collection, live objects and fragmentation", MetricType.Gauge);
    public static readonly MetricDescriptor Allocated = new("codex_otel.runtime.heap.allocated", "By", "Bytes allocated on the managed heap since serve started", MetricType.Counter);
    public static readonly MetricDescriptor Collections = new("codex_otel.runtime.gc.collections", "{collections}", "Garbage collections by the oldest generation they collected", MetricType.Counter);

    private readonly MetricRegistry _registry;
    private readonly MetricFamily _cpu, _memory, _uptime, _heap, _allocated, _collections;
    private readonly DateTime _started;
    private readonly long _startedUnixNano;

    private ProcessMetrics(MetricRegistry registry)
    {
        _registry = registry;
        using var process = Process.GetCurrentProcess();
        _started = process.StartTime.ToUniversalTime();
        _startedUnixNano = new DateTimeOffset(_started).ToUnixTimeMilliseconds() * 1_000_000;
        _cpu = registry.Own(CpuTime, RecorderTelemetry.Owner);
        _memory = registry.Own(Memory, RecorderTelemetry.Owner);
        _uptime = registry.Own(Uptime, RecorderTelemetry.Owner);
        _heap = registry.Own(HeapSize, RecorderTelemetry.Owner);
        _allocated = registry.Own(Allocated, RecorderTelemetry.Owner);
        _collections = registry.Own(Collections, RecorderTelemetry.Owner);
    }

    /// <summary>Sets the series before each scrape of <paramref name="registry"/>.</summary>
    public static void Register(MetricRegistry registry) => registry.OnCollect(new ProcessMetrics(registry).Collect);

    private void Collect()
    {
        using var process = Process.GetCurrentProcess();
        var now = _registry.NowUnixNano;
        Set(_cpu, process.TotalProcessorTime.TotalSeconds, now);
        Set(_memory, process.WorkingSet64, now);
        Set(_uptime, (DateTime.UtcNow - _started).TotalSeconds, now);
        Set(_heap, GC.GetGCMemoryInfo().HeapSizeBytes, now);
        Set(_allocated, GC.GetTotalAllocatedBytes(), now);
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            // CollectionCount(n) counts collections of generation n or older: the difference is those that stopped at n.
            var stoppedHere = GC.CollectionCount(generation) - (generation < GC.MaxGeneration ? GC.CollectionCount(generation + 1) : 0);
            Set(_collections, stoppedHere, now, ("generation", $"gen{generation}"));
        }
    }

    private void Set(MetricFamily family, double value, long now, params (string Name, string Value)[] labels)
    {
        lock (family.Gate)
        {
            if (family.Find(LabelSet.Of(labels), _startedUnixNano) is { } series)
            {
                series.Value = value;
                series.TimeUnixNano = now;
            }
        }
    }
}
