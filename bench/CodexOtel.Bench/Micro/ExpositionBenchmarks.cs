using BenchmarkDotNet.Attributes;
using CodexOtel.Metrics.Exposition;
using CodexOtel.Metrics.Model;

namespace CodexOtel.Bench.Micro;

/// <summary>
/// A scrape of 10,000 series (the target: ≤ 50 ms): 8,000 counters over 4 families and 2,000 spanmetrics-style
/// histograms of 16 buckets each (36,000 samples), written in both formats, as <c>GET /metrics</c> does.
/// </summary>
[Config(typeof(MicroConfig))]
public class ExpositionBenchmarks
{
    private MetricRegistry _registry = null!;

    [GlobalSetup]
    public void Setup()
    {
        _registry = new MetricRegistry();
        for (var f = 0; f < 4; f++)
        {
            var family = _registry.Own(new MetricDescriptor($"codex_otel.bench{f}", "{calls}", "bench counter", MetricType.Counter), "bench", new FamilyLimits { MaxSeries = 10_000 });
            lock (family.Gate)
            {
                for (var i = 0; i < 2000; i++)
                {
                    family.Find(LabelSet.Of(("model", $"gpt-{i % 7}"), ("tool", $"tool_{i}"), ("success", i % 2 == 0 ? "true" : "false")), 1)!.Value = i * 3.5;
                }
            }
        }

        var histogram = _registry.Own(new MetricDescriptor("traces.span.metrics.duration", "ms", "spans", MetricType.Histogram) { Bounds = HistogramBounds.SpanMetricsMilliseconds }, "bench", new FamilyLimits { MaxSeries = 10_000 });
        lock (histogram.Gate)
        {
            for (var i = 0; i < 2000; i++)
            {
                var series = histogram.Find(LabelSet.Of(("service_name", "codex_exec"), ("span_name", $"span {i}"), ("span_kind", "SPAN_KIND_INTERNAL"), ("status_code", "STATUS_CODE_UNSET")), 1)!;
                for (var v = 0; v < 20; v++)
                {
                    series.Observe(v * 37.0);
                }
            }
        }
    }

    [Benchmark(Description = "scrape of 10,000 series, Prometheus text 0.0.4")]
    public int PrometheusText() => ExpositionWriter.Write(_registry.Collect(), ExpositionFormat.PrometheusText, 1).Length;

    [Benchmark(Description = "scrape of 10,000 series, OpenMetrics")]
    public int OpenMetrics() => ExpositionWriter.Write(_registry.Collect(), ExpositionFormat.OpenMetrics, 1).Length;
}
