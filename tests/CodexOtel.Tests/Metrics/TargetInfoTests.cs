using CodexOtel.Metrics;
using CodexOtel.Metrics.Cumulative;
using CodexOtel.Metrics.Exposition;
using CodexOtel.Metrics.Model;
using CodexOtel.Metrics.SpanMetrics;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Tests.Metrics;

public sealed class TargetInfoTests
{
    private const long Now = 1_765_000_000_000_000_000;

    [Fact]
    public void A_resource_that_sends_metrics_is_described_by_one_target_info_with_its_other_attributes_as_labels()
    {
        var registry = new MetricRegistry();
        var metrics = new ClientMetrics(registry, "test", new MetricsOptions());

        metrics.Consume(Request("codex.turn.count"));
        metrics.Consume(Request("codex.tool.call"));

        var text = ExpositionWriter.Write(registry.Collect(), ExpositionFormat.PrometheusText, Now);
        Assert.Contains("# HELP target_info Target metadata\n# TYPE target_info gauge\n", text);
        Assert.Contains(
            "target_info{codex_otel_sender_key=\"alice\",host_name=\"box\",instance=\"run-1\",job=\"codex_exec\",service_version=\"0.169.0\"} 1\n",
            text);
        Assert.Single(text.Split('\n'), l => l.StartsWith("target_info{", StringComparison.Ordinal));
    }

    [Fact]
    public void A_resource_whose_metrics_are_only_the_recorders_own_spanmetrics_gets_no_target_info()
    {
        var registry = new MetricRegistry();
        var metrics = new ClientMetrics(registry, "test", new MetricsOptions());

        metrics.Consume(Request("traces.span.metrics.calls", SpanMetricsConnector.ScopeName));

        Assert.DoesNotContain("target_info{", ExpositionWriter.Write(registry.Collect(), ExpositionFormat.PrometheusText, Now));
    }

    private static ExportMetricsServiceRequest Request(string metric, string scope = "codex_otel")
    {
        var resource = new Resource();
        foreach (var (key, value) in new[]
        {
            ("service.name", "codex_exec"), ("service.instance.id", "run-1"), ("service.version", "0.169.0"), ("host.name", "box"),
            ("codex_otel.sender.key", "alice"),
        })
        {
            resource.Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { StringValue = value } });
        }

        var sum = new Sum { AggregationTemporality = AggregationTemporality.Delta, IsMonotonic = true };
        sum.DataPoints.Add(new NumberDataPoint { StartTimeUnixNano = Now - 1_000, TimeUnixNano = Now, AsInt = 1 });
        var scopeMetrics = new ScopeMetrics { Scope = new InstrumentationScope { Name = scope } };
        scopeMetrics.Metrics.Add(new Metric { Name = metric, Sum = sum });
        var resourceMetrics = new ResourceMetrics { Resource = resource };
        resourceMetrics.ScopeMetrics.Add(scopeMetrics);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resourceMetrics);
        return request;
    }
}
