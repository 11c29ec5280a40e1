using System.Text.Json;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Metrics.V1;

using static CodexOtel.Otlp.Json.JsonFields;

namespace CodexOtel.Otlp.Json;

internal static partial class OtlpJsonEncoder
{
    private static void WriteResourceMetrics(Utf8JsonWriter writer, ResourceMetrics resourceMetrics)
    {
        writer.WriteStartObject();
        WriteResource(writer, resourceMetrics.Resource);
        if (resourceMetrics.ScopeMetrics.Count > 0)
        {
            writer.WritePropertyName(JsonNames.ScopeMetrics);
            writer.WriteStartArray();
            for (var scopeMetricsIndex = 0; scopeMetricsIndex < resourceMetrics.ScopeMetrics.Count; scopeMetricsIndex++)
            {
                var scopeMetrics = resourceMetrics.ScopeMetrics[scopeMetricsIndex];
                writer.WriteStartObject();
                WriteScope(writer, scopeMetrics.Scope);
                if (scopeMetrics.Metrics.Count > 0)
                {
                    writer.WritePropertyName(JsonNames.Metrics);
                    writer.WriteStartArray();
                    for (var metricIndex = 0; metricIndex < scopeMetrics.Metrics.Count; metricIndex++)
                    {
                        var metric = scopeMetrics.Metrics[metricIndex];
                        WriteMetric(writer, metric);
                    }

                    writer.WriteEndArray();
                }

                WriteString(writer, JsonNames.SchemaUrl, scopeMetrics.SchemaUrl);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteString(writer, JsonNames.SchemaUrl, resourceMetrics.SchemaUrl);
        writer.WriteEndObject();
    }

    private static void WriteMetric(Utf8JsonWriter writer, Metric metric)
    {
        writer.WriteStartObject();
        WriteString(writer, JsonNames.Name, metric.Name);
        WriteString(writer, JsonNames.Description, metric.Description);
        WriteString(writer, JsonNames.Unit, metric.Unit);
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                writer.WritePropertyName(JsonNames.Gauge);
                writer.WriteStartObject();
                WriteNumberDataPoints(writer, metric.Gauge.DataPoints);
                writer.WriteEndObject();
                break;
            case Metric.DataOneofCase.Sum:
                writer.WritePropertyName(JsonNames.Sum);
                writer.WriteStartObject();
                WriteNumberDataPoints(writer, metric.Sum.DataPoints);
                WriteInt32(writer, JsonNames.AggregationTemporality, (int)metric.Sum.AggregationTemporality);
                if (metric.Sum.IsMonotonic)
                {
                    writer.WriteBoolean(JsonNames.IsMonotonic, true);
                }

                writer.WriteEndObject();
                break;
            case Metric.DataOneofCase.Histogram:
                writer.WritePropertyName(JsonNames.Histogram);
                WriteHistogram(writer, metric.Histogram);
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                writer.WritePropertyName(JsonNames.ExponentialHistogram);
                WriteExponentialHistogram(writer, metric.ExponentialHistogram);
                break;
            case Metric.DataOneofCase.Summary:
                writer.WritePropertyName(JsonNames.Summary);
                WriteSummary(writer, metric.Summary);
                break;
        }

        WriteKeyValues(writer, JsonNames.Metadata, metric.Metadata);
        writer.WriteEndObject();
    }

    private static void WriteNumberDataPoints(Utf8JsonWriter writer, RepeatedField<NumberDataPoint> dataPoints)
    {
        if (dataPoints.Count == 0)
        {
            return;
        }

        writer.WritePropertyName(JsonNames.DataPoints);
        writer.WriteStartArray();
        for (var pointIndex = 0; pointIndex < dataPoints.Count; pointIndex++)
        {
            var point = dataPoints[pointIndex];
            writer.WriteStartObject();
            WriteKeyValues(writer, JsonNames.Attributes, point.Attributes);
            WriteUInt64(writer, JsonNames.StartTimeUnixNano, point.StartTimeUnixNano);
            WriteUInt64(writer, JsonNames.TimeUnixNano, point.TimeUnixNano);
            switch (point.ValueCase)
            {
                case NumberDataPoint.ValueOneofCase.AsDouble:
                    writer.WritePropertyName(JsonNames.AsDouble);
                    GoFloat.Write(writer, point.AsDouble);
                    break;
                case NumberDataPoint.ValueOneofCase.AsInt:
                    writer.WritePropertyName(JsonNames.AsInt);
                    WriteQuoted(writer, point.AsInt);
                    break;
            }

            WriteExemplars(writer, point.Exemplars);
            WriteUInt32(writer, JsonNames.Flags, point.Flags);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteHistogram(Utf8JsonWriter writer, Histogram histogram)
    {
        writer.WriteStartObject();
        if (histogram.DataPoints.Count > 0)
        {
            writer.WritePropertyName(JsonNames.DataPoints);
            writer.WriteStartArray();
            for (var pointIndex = 0; pointIndex < histogram.DataPoints.Count; pointIndex++)
            {
                var point = histogram.DataPoints[pointIndex];
                writer.WriteStartObject();
                WriteKeyValues(writer, JsonNames.Attributes, point.Attributes);
                WriteUInt64(writer, JsonNames.StartTimeUnixNano, point.StartTimeUnixNano);
                WriteUInt64(writer, JsonNames.TimeUnixNano, point.TimeUnixNano);
                WriteUInt64(writer, JsonNames.Count, point.Count);
                WriteOptionalDouble(writer, JsonNames.Sum, point.HasSum, point.Sum);
                WriteQuotedArray(writer, JsonNames.BucketCounts, point.BucketCounts);
                if (point.ExplicitBounds.Count > 0)
                {
                    writer.WritePropertyName(JsonNames.ExplicitBounds);
                    writer.WriteStartArray();
                    for (var boundIndex = 0; boundIndex < point.ExplicitBounds.Count; boundIndex++)
                    {
                        var bound = point.ExplicitBounds[boundIndex];
                        GoFloat.Write(writer, bound);
                    }

                    writer.WriteEndArray();
                }

                WriteExemplars(writer, point.Exemplars);
                WriteUInt32(writer, JsonNames.Flags, point.Flags);
                WriteOptionalDouble(writer, JsonNames.Min, point.HasMin, point.Min);
                WriteOptionalDouble(writer, JsonNames.Max, point.HasMax, point.Max);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteInt32(writer, JsonNames.AggregationTemporality, (int)histogram.AggregationTemporality);
        writer.WriteEndObject();
    }

    private static void WriteExponentialHistogram(Utf8JsonWriter writer, ExponentialHistogram histogram)
    {
        writer.WriteStartObject();
        if (histogram.DataPoints.Count > 0)
        {
            writer.WritePropertyName(JsonNames.DataPoints);
            writer.WriteStartArray();
            for (var pointIndex = 0; pointIndex < histogram.DataPoints.Count; pointIndex++)
            {
                var point = histogram.DataPoints[pointIndex];
                writer.WriteStartObject();
                WriteKeyValues(writer, JsonNames.Attributes, point.Attributes);
                WriteUInt64(writer, JsonNames.StartTimeUnixNano, point.StartTimeUnixNano);
                WriteUInt64(writer, JsonNames.TimeUnixNano, point.TimeUnixNano);
                WriteUInt64(writer, JsonNames.Count, point.Count);
                WriteOptionalDouble(writer, JsonNames.Sum, point.HasSum, point.Sum);
                WriteInt32(writer, JsonNames.Scale, point.Scale);
                WriteUInt64(writer, JsonNames.ZeroCount, point.ZeroCount);
                WriteBuckets(writer, JsonNames.Positive, point.Positive);
                WriteBuckets(writer, JsonNames.Negative, point.Negative);
                WriteUInt32(writer, JsonNames.Flags, point.Flags);
                WriteExemplars(writer, point.Exemplars);
                WriteOptionalDouble(writer, JsonNames.Min, point.HasMin, point.Min);
                WriteOptionalDouble(writer, JsonNames.Max, point.HasMax, point.Max);
                WriteDouble(writer, JsonNames.ZeroThreshold, point.ZeroThreshold);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteInt32(writer, JsonNames.AggregationTemporality, (int)histogram.AggregationTemporality);
        writer.WriteEndObject();
    }

    private static void WriteBuckets(
        Utf8JsonWriter writer, JsonEncodedText name, ExponentialHistogramDataPoint.Types.Buckets? buckets)
    {
        writer.WritePropertyName(name);
        writer.WriteStartObject();
        if (buckets is not null)
        {
            WriteInt32(writer, JsonNames.Offset, buckets.Offset);
            WriteQuotedArray(writer, JsonNames.BucketCounts, buckets.BucketCounts);
        }

        writer.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter writer, Summary summary)
    {
        writer.WriteStartObject();
        if (summary.DataPoints.Count > 0)
        {
            writer.WritePropertyName(JsonNames.DataPoints);
            writer.WriteStartArray();
            for (var pointIndex = 0; pointIndex < summary.DataPoints.Count; pointIndex++)
            {
                var point = summary.DataPoints[pointIndex];
                writer.WriteStartObject();
                WriteKeyValues(writer, JsonNames.Attributes, point.Attributes);
                WriteUInt64(writer, JsonNames.StartTimeUnixNano, point.StartTimeUnixNano);
                WriteUInt64(writer, JsonNames.TimeUnixNano, point.TimeUnixNano);
                WriteUInt64(writer, JsonNames.Count, point.Count);
                WriteDouble(writer, JsonNames.Sum, point.Sum);
                if (point.QuantileValues.Count > 0)
                {
                    writer.WritePropertyName(JsonNames.QuantileValues);
                    writer.WriteStartArray();
                    for (var quantileIndex = 0; quantileIndex < point.QuantileValues.Count; quantileIndex++)
                    {
                        var quantile = point.QuantileValues[quantileIndex];
                        writer.WriteStartObject();
                        WriteDouble(writer, JsonNames.Quantile, quantile.Quantile);
                        WriteDouble(writer, JsonNames.Value, quantile.Value);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                WriteUInt32(writer, JsonNames.Flags, point.Flags);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteExemplars(Utf8JsonWriter writer, RepeatedField<Exemplar> exemplars)
    {
        if (exemplars.Count == 0)
        {
            return;
        }

        writer.WritePropertyName(JsonNames.Exemplars);
        writer.WriteStartArray();
        for (var exemplarIndex = 0; exemplarIndex < exemplars.Count; exemplarIndex++)
        {
            var exemplar = exemplars[exemplarIndex];
            writer.WriteStartObject();
            WriteKeyValues(writer, JsonNames.FilteredAttributes, exemplar.FilteredAttributes);
            WriteUInt64(writer, JsonNames.TimeUnixNano, exemplar.TimeUnixNano);
            switch (exemplar.ValueCase)
            {
                case Exemplar.ValueOneofCase.AsDouble:
                    writer.WritePropertyName(JsonNames.AsDouble);
                    GoFloat.Write(writer, exemplar.AsDouble);
                    break;
                case Exemplar.ValueOneofCase.AsInt:
                    writer.WritePropertyName(JsonNames.AsInt);
                    WriteQuoted(writer, exemplar.AsInt);
                    break;
            }

            WriteId(writer, JsonNames.TraceId, exemplar.TraceId);
            WriteId(writer, JsonNames.SpanId, exemplar.SpanId);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteOptionalDouble(Utf8JsonWriter writer, JsonEncodedText name, bool present, double value)
    {
        if (present)
        {
            writer.WritePropertyName(name);
            GoFloat.Write(writer, value);
        }
    }

    private static void WriteQuotedArray(Utf8JsonWriter writer, JsonEncodedText name, RepeatedField<ulong> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WritePropertyName(name);
        writer.WriteStartArray();
        for (var valueIndex = 0; valueIndex < values.Count; valueIndex++)
        {
            var value = values[valueIndex];
            WriteQuoted(writer, value);
        }

        writer.WriteEndArray();
    }
}
