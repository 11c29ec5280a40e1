using System.Text.Json;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Metrics.V1;

namespace CodexOtel.Otlp.Json;

internal static partial class OtlpJsonDecoder
{
    private static ExportMetricsServiceRequest ReadMetricsRequest(ref Utf8JsonReader reader)
    {
        var request = new ExportMetricsServiceRequest();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "resourceMetrics"u8, "resource_metrics"u8))
            {
                ReadMessages(ref reader, request.ResourceMetrics, ReadResourceMetrics);
            }
            else
            {
                reader.Skip();
            }
        }

        return request;
    }

    private static ResourceMetrics ReadResourceMetrics(ref Utf8JsonReader reader)
    {
        var resourceMetrics = new ResourceMetrics();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "resource"u8))
            {
                resourceMetrics.Resource = ReadMessage(ref reader, ReadResource);
            }
            else if (Is(name, "scopeMetrics"u8, "scope_metrics"u8))
            {
                ReadMessages(ref reader, resourceMetrics.ScopeMetrics, ReadScopeMetrics);
            }
            else if (Is(name, "schemaUrl"u8, "schema_url"u8))
            {
                resourceMetrics.SchemaUrl = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return resourceMetrics;
    }

    private static ScopeMetrics ReadScopeMetrics(ref Utf8JsonReader reader)
    {
        var scopeMetrics = new ScopeMetrics();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "metrics"u8))
            {
                ReadMessages(ref reader, scopeMetrics.Metrics, ReadMetric);
            }
            else if (Is(name, "scope"u8))
            {
                scopeMetrics.Scope = ReadMessage(ref reader, ReadScope);
            }
            else if (Is(name, "schemaUrl"u8, "schema_url"u8))
            {
                scopeMetrics.SchemaUrl = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return scopeMetrics;
    }

    private static Metric ReadMetric(ref Utf8JsonReader reader)
    {
        var metric = new Metric();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "name"u8))
            {
                metric.Name = ReadString(ref reader);
            }
            else if (Is(name, "description"u8))
            {
                metric.Description = ReadString(ref reader);
            }
            else if (Is(name, "unit"u8))
            {
                metric.Unit = ReadString(ref reader);
            }
            else if (Is(name, "sum"u8))
            {
                metric.Sum = ReadMessage(ref reader, ReadSum);
            }
            else if (Is(name, "gauge"u8))
            {
                metric.Gauge = ReadMessage(ref reader, ReadGauge);
            }
            else if (Is(name, "histogram"u8))
            {
                metric.Histogram = ReadMessage(ref reader, ReadHistogram);
            }
            else if (Is(name, "exponentialHistogram"u8, "exponential_histogram"u8))
            {
                metric.ExponentialHistogram = ReadMessage(ref reader, ReadExponentialHistogram);
            }
            else if (Is(name, "summary"u8))
            {
                metric.Summary = ReadMessage(ref reader, ReadSummary);
            }
            else if (Is(name, "metadata"u8))
            {
                ReadKeyValues(ref reader, metric.Metadata, depth: 0);
            }
            else
            {
                reader.Skip();
            }
        }

        return metric;
    }

    private static Gauge ReadGauge(ref Utf8JsonReader reader)
    {
        var gauge = new Gauge();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "dataPoints"u8, "data_points"u8))
            {
                ReadMessages(ref reader, gauge.DataPoints, ReadNumberDataPoint);
            }
            else
            {
                reader.Skip();
            }
        }

        return gauge;
    }

    private static Sum ReadSum(ref Utf8JsonReader reader)
    {
        var sum = new Sum();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "dataPoints"u8, "data_points"u8))
            {
                ReadMessages(ref reader, sum.DataPoints, ReadNumberDataPoint);
            }
            else if (Is(name, "aggregationTemporality"u8, "aggregation_temporality"u8))
            {
                sum.AggregationTemporality = ReadTemporality(ref reader);
            }
            else if (Is(name, "isMonotonic"u8, "is_monotonic"u8))
            {
                sum.IsMonotonic = ReadBool(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return sum;
    }

    private static Histogram ReadHistogram(ref Utf8JsonReader reader)
    {
        var histogram = new Histogram();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "dataPoints"u8, "data_points"u8))
            {
                ReadMessages(ref reader, histogram.DataPoints, ReadHistogramDataPoint);
            }
            else if (Is(name, "aggregationTemporality"u8, "aggregation_temporality"u8))
            {
                histogram.AggregationTemporality = ReadTemporality(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return histogram;
    }

    private static ExponentialHistogram ReadExponentialHistogram(ref Utf8JsonReader reader)
    {
        var histogram = new ExponentialHistogram();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "dataPoints"u8, "data_points"u8))
            {
                ReadMessages(ref reader, histogram.DataPoints, ReadExponentialHistogramDataPoint);
            }
            else if (Is(name, "aggregationTemporality"u8, "aggregation_temporality"u8))
            {
                histogram.AggregationTemporality = ReadTemporality(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return histogram;
    }

    private static Summary ReadSummary(ref Utf8JsonReader reader)
    {
        var summary = new Summary();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "dataPoints"u8, "data_points"u8))
            {
                ReadMessages(ref reader, summary.DataPoints, ReadSummaryDataPoint);
            }
            else
            {
                reader.Skip();
            }
        }

        return summary;
    }

    private static AggregationTemporality ReadTemporality(ref Utf8JsonReader reader) =>
        (AggregationTemporality)ReadEnum(ref reader, OtlpEnumNames.AggregationTemporality);
}
