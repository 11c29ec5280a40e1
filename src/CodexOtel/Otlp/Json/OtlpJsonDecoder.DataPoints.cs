using System.Text.Json;
using OpenTelemetry.Proto.Metrics.V1;

namespace CodexOtel.Otlp.Json;

internal static partial class OtlpJsonDecoder
{
    private static NumberDataPoint ReadNumberDataPoint(ref Utf8JsonReader reader)
    {
        var point = new NumberDataPoint();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "attributes"u8))
            {
                ReadKeyValues(ref reader, point.Attributes, depth: 0);
            }
            else if (Is(name, "asDouble"u8, "as_double"u8))
            {
                point.AsDouble = ReadDouble(ref reader);
            }
            else if (Is(name, "asInt"u8, "as_int"u8))
            {
                point.AsInt = ReadInt64(ref reader);
            }
            else if (Is(name, "timeUnixNano"u8, "time_unix_nano"u8))
            {
                point.TimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "startTimeUnixNano"u8, "start_time_unix_nano"u8))
            {
                point.StartTimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "exemplars"u8))
            {
                ReadMessages(ref reader, point.Exemplars, ReadExemplar);
            }
            else if (Is(name, "flags"u8))
            {
                point.Flags = ReadUInt32(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return point;
    }

    private static HistogramDataPoint ReadHistogramDataPoint(ref Utf8JsonReader reader)
    {
        var point = new HistogramDataPoint();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "attributes"u8))
            {
                ReadKeyValues(ref reader, point.Attributes, depth: 0);
            }
            else if (Is(name, "startTimeUnixNano"u8, "start_time_unix_nano"u8))
            {
                point.StartTimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "timeUnixNano"u8, "time_unix_nano"u8))
            {
                point.TimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "count"u8))
            {
                point.Count = ReadUInt64(ref reader);
            }
            else if (Is(name, "sum"u8))
            {
                point.Sum = ReadDouble(ref reader);
            }
            else if (Is(name, "bucketCounts"u8, "bucket_counts"u8))
            {
                ReadUInt64s(ref reader, point.BucketCounts);
            }
            else if (Is(name, "explicitBounds"u8, "explicit_bounds"u8))
            {
                ReadDoubles(ref reader, point.ExplicitBounds);
            }
            else if (Is(name, "exemplars"u8))
            {
                ReadMessages(ref reader, point.Exemplars, ReadExemplar);
            }
            else if (Is(name, "flags"u8))
            {
                point.Flags = ReadUInt32(ref reader);
            }
            else if (Is(name, "min"u8))
            {
                point.Min = ReadDouble(ref reader);
            }
            else if (Is(name, "max"u8))
            {
                point.Max = ReadDouble(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return point;
    }

    private static ExponentialHistogramDataPoint ReadExponentialHistogramDataPoint(ref Utf8JsonReader reader)
    {
        var point = new ExponentialHistogramDataPoint();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "attributes"u8))
            {
                ReadKeyValues(ref reader, point.Attributes, depth: 0);
            }
            else if (Is(name, "startTimeUnixNano"u8, "start_time_unix_nano"u8))
            {
                point.StartTimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "timeUnixNano"u8, "time_unix_nano"u8))
            {
                point.TimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "count"u8))
            {
                point.Count = ReadUInt64(ref reader);
            }
            else if (Is(name, "sum"u8))
            {
                point.Sum = ReadDouble(ref reader);
            }
            else if (Is(name, "scale"u8))
            {
                point.Scale = ReadInt32(ref reader);
            }
            else if (Is(name, "zeroCount"u8, "zero_count"u8))
            {
                point.ZeroCount = ReadUInt64(ref reader);
            }
            else if (Is(name, "positive"u8))
            {
                point.Positive = ReadMessage(ref reader, ReadBuckets);
            }
            else if (Is(name, "negative"u8))
            {
                point.Negative = ReadMessage(ref reader, ReadBuckets);
            }
            else if (Is(name, "flags"u8))
            {
                point.Flags = ReadUInt32(ref reader);
            }
            else if (Is(name, "exemplars"u8))
            {
                ReadMessages(ref reader, point.Exemplars, ReadExemplar);
            }
            else if (Is(name, "min"u8))
            {
                point.Min = ReadDouble(ref reader);
            }
            else if (Is(name, "max"u8))
            {
                point.Max = ReadDouble(ref reader);
            }
            else if (Is(name, "zeroThreshold"u8, "zero_threshold"u8))
            {
                point.ZeroThreshold = ReadDouble(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return point;
    }

    private static ExponentialHistogramDataPoint.Types.Buckets ReadBuckets(ref Utf8JsonReader reader)
    {
        var buckets = new ExponentialHistogramDataPoint.Types.Buckets();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "offset"u8))
            {
                buckets.Offset = ReadInt32(ref reader);
            }
            else if (Is(name, "bucketCounts"u8, "bucket_counts"u8))
            {
                ReadUInt64s(ref reader, buckets.BucketCounts);
            }
            else
            {
                reader.Skip();
            }
        }

        return buckets;
    }

    private static SummaryDataPoint ReadSummaryDataPoint(ref Utf8JsonReader reader)
    {
        var point = new SummaryDataPoint();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "attributes"u8))
            {
                ReadKeyValues(ref reader, point.Attributes, depth: 0);
            }
            else if (Is(name, "startTimeUnixNano"u8, "start_time_unix_nano"u8))
            {
                point.StartTimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "timeUnixNano"u8, "time_unix_nano"u8))
            {
                point.TimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "count"u8))
            {
                point.Count = ReadUInt64(ref reader);
            }
            else if (Is(name, "sum"u8))
            {
                point.Sum = ReadDouble(ref reader);
            }
            else if (Is(name, "quantileValues"u8, "quantile_values"u8))
            {
                ReadMessages(ref reader, point.QuantileValues, ReadValueAtQuantile);
            }
            else if (Is(name, "flags"u8))
            {
                point.Flags = ReadUInt32(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return point;
    }

    private static SummaryDataPoint.Types.ValueAtQuantile ReadValueAtQuantile(ref Utf8JsonReader reader)
    {
        var quantile = new SummaryDataPoint.Types.ValueAtQuantile();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "quantile"u8))
            {
                quantile.Quantile = ReadDouble(ref reader);
            }
            else if (Is(name, "value"u8))
            {
                quantile.Value = ReadDouble(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return quantile;
    }

    private static Exemplar ReadExemplar(ref Utf8JsonReader reader)
    {
        var exemplar = new Exemplar();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "filteredAttributes"u8, "filtered_attributes"u8))
            {
                ReadKeyValues(ref reader, exemplar.FilteredAttributes, depth: 0);
            }
            else if (Is(name, "timeUnixNano"u8, "time_unix_nano"u8))
            {
                exemplar.TimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "asDouble"u8, "as_double"u8))
            {
                exemplar.AsDouble = ReadDouble(ref reader);
            }
            else if (Is(name, "asInt"u8, "as_int"u8))
            {
                exemplar.AsInt = ReadInt64(ref reader);
            }
            else if (Is(name, "traceId"u8, "trace_id"u8))
            {
                exemplar.TraceId = ReadId(ref reader, HexId.TraceIdBytes);
            }
            else if (Is(name, "spanId"u8, "span_id"u8))
            {
                exemplar.SpanId = ReadId(ref reader, HexId.SpanIdBytes);
            }
            else
            {
                reader.Skip();
            }
        }

        return exemplar;
    }
}
