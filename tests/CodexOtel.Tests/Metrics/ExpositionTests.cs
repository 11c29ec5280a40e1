using CodexOtel.Metrics.Exposition;
using CodexOtel.Metrics.Model;

namespace CodexOtel.Tests.Metrics;

public sealed class ExpositionTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(2.0, 0)] // le is inclusive: 2 falls in the bucket of bound 2
    [InlineData(2.0001, 1)]
    [InlineData(4.0, 1)]
    [InlineData(15000.0, 15)]
    [InlineData(15000.5, 16)] // +Inf
    public void A_value_falls_in_the_first_bucket_whose_bound_it_does_not_exceed(double value, int bucket) =>
        Assert.Equal(bucket, HistogramBounds.Bucket(HistogramBounds.SpanMetricsMilliseconds, value));

    [Fact]
    public void A_histogram_is_written_with_cumulative_buckets_an_inclusive_le_and_inf_sum_and_count()
    {
        var registry = new MetricRegistry();
        var family = registry.Own(new MetricDescriptor("tool.duration", "ms", "Tool durations", MetricType.Histogram) { Bounds = [2, 4] }, "test");
        lock (family.Gate)
        {
            var series = family.Find(LabelSet.Of(("tool", "shell")), 1)!;
            series.Observe(2);
            series.Observe(3);
            series.Observe(9);
        }

        var text = ExpositionWriter.Write(registry.Collect(), ExpositionFormat.PrometheusText, 1);

        Assert.Equal(
            """
            # HELP tool_duration_milliseconds Tool durations
            # TYPE tool_duration_milliseconds histogram
            tool_duration_milliseconds_bucket{tool="shell",le="2"} 1
            tool_duration_milliseconds_bucket{tool="shell",le="4"} 2
            tool_duration_milliseconds_bucket{tool="shell",le="+Inf"} 3
            tool_duration_milliseconds_sum{tool="shell"} 14
            tool_duration_milliseconds_count{tool="shell"} 3

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline_and_help_escapes_backslash_and_newline()
    {
        var registry = new MetricRegistry();
        var family = registry.Own(new MetricDescriptor("spans", "", "a \\ help\nline", MetricType.Counter), "test");
        lock (family.Gate)
        {
            family.Find(LabelSet.Of(("span_name", "exec \"a\\b\"\nnext")), 1)!.Value = 1;
        }

        var text = ExpositionWriter.Write(registry.Collect(), ExpositionFormat.PrometheusText, 1);

        Assert.Contains("# HELP spans_total a \\\\ help\\nline\n", text, StringComparison.Ordinal);
        Assert.Contains("spans_total{span_name=\"exec \\\"a\\\\b\\\"\\nnext\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenMetrics_names_a_counter_family_without_total_writes_le_as_floats_and_ends_with_eof()
    {
        var registry = new MetricRegistry();
        var calls = registry.Own(new MetricDescriptor("traces.span.metrics.calls", "", "calls", MetricType.Counter), "test");
        var duration = registry.Own(new MetricDescriptor("d", "ms", "d", MetricType.Histogram) { Bounds = [2, 2.5] }, "test");
        lock (calls.Gate)
        {
            calls.Find(LabelSet.Empty, 1)!.Value = 3;
        }

        lock (duration.Gate)
        {
            duration.Find(LabelSet.Empty, 1)!.Observe(1);
        }

        var text = ExpositionWriter.Write(registry.Collect(), ExpositionFormat.OpenMetrics, 1);

        Assert.Contains("# TYPE traces_span_metrics_calls counter\ntraces_span_metrics_calls_total 3\n", text, StringComparison.Ordinal);
        Assert.Contains("d_milliseconds_bucket{le=\"2.0\"} 1\nd_milliseconds_bucket{le=\"2.5\"} 1\n", text, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", ExpositionFormat.OpenMetrics)]
    [InlineData("text/plain;version=0.0.4", ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text;q=0, text/plain", ExpositionFormat.PrometheusText)]
    [InlineData(null, ExpositionFormat.PrometheusText)]
    public void The_format_follows_the_accept_header(string? accept, ExpositionFormat expected) =>
        Assert.Equal(expected, ExpositionFormats.Negotiate([accept]));

    [Fact]
    public void Series_beyond_the_most_recent_ones_a_family_exposes_are_left_out()
    {
        var registry = new MetricRegistry();
        var family = registry.Own(new MetricDescriptor("conversation.cost.usd", "{USD}", "c", MetricType.Gauge), "test", new FamilyLimits { ExposeMostRecent = 2 });
        lock (family.Gate)
        {
            for (var i = 1; i <= 3; i++)
            {
                family.Find(LabelSet.Of(("conversation_id", $"c{i}")), i)!.TimeUnixNano = i;
            }
        }

        var text = ExpositionWriter.Write(registry.Collect(), ExpositionFormat.PrometheusText, 3);

        Assert.DoesNotContain("c1", text, StringComparison.Ordinal);
        Assert.Contains("conversation_id=\"c2\"", text, StringComparison.Ordinal);
        Assert.Contains("conversation_id=\"c3\"", text, StringComparison.Ordinal);
    }
}
