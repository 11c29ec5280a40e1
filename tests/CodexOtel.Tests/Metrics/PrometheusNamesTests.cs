using CodexOtel.Metrics.Exposition;
using CodexOtel.Metrics.Model;

namespace CodexOtel.Tests.Metrics;

/// <summary>The names the collector's Prometheus exporter gives (pkg/translator/prometheus, with suffixes).</summary>
public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("traces.span.metrics.calls", "", MetricType.Counter, "traces_span_metrics_calls_total")]
    [InlineData("traces.span.metrics.duration", "ms", MetricType.Histogram, "traces_span_metrics_duration_milliseconds")]
    [InlineData("codex_otel.tokens", "{tokens}", MetricType.Counter, "codex_otel_tokens_total")]
    [InlineData("codex_otel.cost.usd", "{USD}", MetricType.Counter, "codex_otel_cost_usd_total")]
    [InlineData("codex_otel.ledger.written", "By", MetricType.Counter, "codex_otel_ledger_written_bytes_total")]
    [InlineData("system.network.io", "By/s", MetricType.Gauge, "system_network_io_bytes_per_second")]
    [InlineData("cpu.utilization", "1", MetricType.Gauge, "cpu_utilization_ratio")]
    [InlineData("requests.total", "", MetricType.Counter, "requests_total")]
    [InlineData("http.server.duration", "s", MetricType.Histogram, "http_server_duration_seconds")]
    [InlineData("latency_seconds", "s", MetricType.Gauge, "latency_seconds")]
    [InlineData("codex.turn.e2e_duration_ms", "ms", MetricType.Histogram, "codex_turn_e2e_duration_ms_milliseconds")]
    [InlineData("2xx.count", "", MetricType.Gauge, "_2xx_count")]
    public void Metric_names_get_unit_and_total_suffixes(string name, string unit, MetricType type, string expected) =>
        Assert.Equal(expected, PrometheusNames.MetricName(name, unit, type));

    [Theory]
    [InlineData("service.name", "service_name")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("0day", "key_0day")]
    [InlineData("_private", "key_private")]
    [InlineData("__reserved", "__reserved")]
    [InlineData("naïve-key", "na_ve_key")]
    public void Attribute_keys_become_valid_label_names(string key, string expected) =>
        Assert.Equal(expected, PrometheusNames.LabelName(key));

    [Fact]
    public void Two_keys_that_sanitise_alike_have_their_values_joined()
    {
        var labels = LabelSet.From([KeyValuePair.Create("a.b", "1"), KeyValuePair.Create("a_b", "2")]);

        Assert.Equal("1;2", labels["a_b"]);
    }
}
