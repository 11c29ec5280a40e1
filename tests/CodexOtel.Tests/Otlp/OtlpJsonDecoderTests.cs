using System.Text;
using CodexOtel.Otlp.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Tests.Otlp;

public class OtlpJsonDecoderTests
{
    private static Span DecodeSpan(string span) =>
        OtlpJsonDecoder.DecodeTraces(Encoding.UTF8.GetBytes(
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + span + "]}]}]}")).ResourceSpans[0].ScopeSpans[0].Spans[0];

    private static AnyValue DecodeValue(string value) =>
        DecodeSpan("{\"attributes\":[{\"key\":\"k\",\"value\":" + value + "}]}").Attributes[0].Value;

    private static NumberDataPoint DecodeGaugePoint(string point) =>
        OtlpJsonDecoder.DecodeMetrics(Encoding.UTF8.GetBytes(
            "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"gauge\":{\"dataPoints\":[" + point + "]}}]}]}]}"))
            .ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Gauge.DataPoints[0];

    [Theory]
    [InlineData("5b8efff798038103d269b633813fc60c")]
    [InlineData("5B8EFFF798038103D269B633813FC60C")]
    [InlineData("5b8EFFF798038103d269B633813fC60c")]
    public void Decodes_hex_trace_ids_case_insensitively(string hex)
    {
        var span = DecodeSpan("{\"traceId\":\"" + hex + "\",\"spanId\":\"EEE19B7ec3c1b174\"}");

        Assert.Equal(OtlpSamples.TraceId, span.TraceId);
        Assert.Equal(OtlpSamples.SpanId, span.SpanId);
    }

    [Fact]
    public void Null_values_are_treated_as_absent()
    {
        var span = DecodeSpan("{\"name\":null,\"traceId\":null,\"status\":null,\"attributes\":null,\"kind\":null,\"startTimeUnixNano\":null}");

        Assert.Equal(new Span(), span);
    }

    [Fact]
    public void Null_messages_in_arrays_are_skipped_but_null_array_values_keep_their_place()
    {
        var span = DecodeSpan("{\"events\":[null,{\"name\":\"e\"}],\"attributes\":[null,{\"key\":\"a\",\"value\":{\"arrayValue\":{\"values\":[null,{\"intValue\":1}]}}}]}");

        Assert.Equal("e", Assert.Single(span.Events).Name);
        var values = Assert.Single(span.Attributes).Value.ArrayValue.Values;
        Assert.Equal([new AnyValue(), new AnyValue { IntValue = 1 }], values);
    }

    [Theory]
    [InlineData("\"SPAN_KIND_CLIENT\"", Span.Types.SpanKind.Client)]
    [InlineData("3", Span.Types.SpanKind.Client)]
    [InlineData("\"3\"", Span.Types.SpanKind.Client)]
    [InlineData("42", (Span.Types.SpanKind)42)]
    public void Span_kinds_are_read_as_numbers_or_names(string kind, Span.Types.SpanKind expected)
    {
        Assert.Equal(expected, DecodeSpan("{\"kind\":" + kind + "}").Kind);
    }

    [Fact]
    public void Status_codes_severities_and_temporalities_accept_their_names()
    {
        Assert.Equal(Status.Types.StatusCode.Error, DecodeSpan("{\"status\":{\"code\":\"STATUS_CODE_ERROR\"}}").Status.Code);
        var log = OtlpJsonDecoder.DecodeLogs(
            "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"severityNumber\":\"SEVERITY_NUMBER_FATAL4\"}]}]}]}"u8);
        Assert.Equal(SeverityNumber.Fatal4, log.ResourceLogs[0].ScopeLogs[0].LogRecords[0].SeverityNumber);
        var metrics = OtlpJsonDecoder.DecodeMetrics(
            "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"sum\":{\"aggregationTemporality\":\"AGGREGATION_TEMPORALITY_CUMULATIVE\"}}]}]}]}"u8);
        Assert.Equal(AggregationTemporality.Cumulative, metrics.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Sum.AggregationTemporality);
    }

    [Theory]
    [InlineData("\"18446744073709551615\"", ulong.MaxValue)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("\"1544712660000000000\"", 1544712660000000000UL)]
    [InlineData("1544712660000000000", 1544712660000000000UL)]
    [InlineData("1.5e3", 1500UL)]
    [InlineData("0", 0UL)]
    public void Sixty_four_bit_timestamps_are_read_from_strings_or_numbers(string json, ulong expected)
    {
        Assert.Equal(expected, DecodeSpan("{\"startTimeUnixNano\":" + json + "}").StartTimeUnixNano);
    }

    [Theory]
    [InlineData("\"-9223372036854775808\"", long.MinValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("\"42\"", 42L)]
    [InlineData("42", 42L)]
    public void Int_values_are_read_from_strings_or_numbers(string json, long expected)
    {
        Assert.Equal(expected, DecodeValue("{\"intValue\":" + json + "}").IntValue);
        Assert.Equal(expected, DecodeGaugePoint("{\"asInt\":" + json + "}").AsInt);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("\"1.5\"", 1.5)]
    [InlineData("-0", -0.0)]
    [InlineData("1e-7", 1e-7)]
    [InlineData("\"NaN\"", double.NaN)]
    [InlineData("\"Infinity\"", double.PositiveInfinity)]
    [InlineData("\"-Infinity\"", double.NegativeInfinity)]
    [InlineData("\"+Inf\"", double.PositiveInfinity)]
    [InlineData("\"-Inf\"", double.NegativeInfinity)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    public void Doubles_are_read_from_numbers_or_strings_including_nan_and_infinities(string json, double expected)
    {
        Assert.Equal(expected, DecodeValue("{\"doubleValue\":" + json + "}").DoubleValue);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(DecodeGaugePoint("{\"asDouble\":" + json + "}").AsDouble));
    }

    [Theory]
    [InlineData("\"AAEC+v8=\"")]
    [InlineData("\"AAEC-v8\"")]
    [InlineData("\"AAEC-v8=\"")]
    [InlineData("\"AAEC+v8\"")]
    public void Bytes_values_are_read_from_standard_or_url_safe_base64(string json)
    {
        Assert.Equal(ByteString.CopyFrom(0, 1, 2, 250, 255), DecodeValue("{\"bytesValue\":" + json + "}").BytesValue);
    }

    [Fact]
    public void Escaped_property_names_and_values_are_understood()
    {
        var span = DecodeSpan("{\"\\u006eame\":\"a\\u00e9\\\"b\\n\",\"trace\\u0049d\":\"5b8efff798038103d269b633813fc60\\u0063\"}");

        Assert.Equal("aé\"b\n", span.Name);
        Assert.Equal(OtlpSamples.TraceId, span.TraceId);
    }

    [Fact]
    public void A_leading_byte_order_mark_is_ignored()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. "{\"resourceSpans\":[{}]}"u8];

        Assert.Single(OtlpJsonDecoder.DecodeTraces(json).ResourceSpans);
        Assert.Equal(CodexOtel.Otlp.Signal.Traces, OtlpJsonDecoder.DetectSignal(json));
    }

    [Fact]
    public void An_empty_object_is_an_empty_request_of_any_signal()
    {
        Assert.Equal(new ExportTraceServiceRequest(), OtlpJsonDecoder.DecodeTraces("{}"u8));
        Assert.Empty(OtlpJsonDecoder.DecodeLogs("{}"u8).ResourceLogs);
        Assert.Empty(OtlpJsonDecoder.DecodeMetrics("{}"u8).ResourceMetrics);
    }

    [Fact]
    public void Keys_of_another_signal_are_ignored_like_unknown_fields()
    {
        Assert.Empty(OtlpJsonDecoder.DecodeLogs("{\"resourceSpans\":[{}]}"u8).ResourceLogs);
    }

    [Fact]
    public void The_last_of_several_any_value_kinds_wins_like_in_protobuf()
    {
        var value = DecodeValue("{\"stringValue\":\"s\",\"intValue\":\"7\"}");

        Assert.Equal(AnyValue.ValueOneofCase.IntValue, value.ValueCase);
        Assert.Equal(7L, value.IntValue);
    }

    [Fact]
    public void Present_but_empty_messages_are_kept_as_empty_messages()
    {
        var span = DecodeSpan("{\"status\":{},\"attributes\":[{\"key\":\"k\",\"value\":{}}]}");

        Assert.Equal(new Status(), span.Status);
        Assert.Equal(new AnyValue(), span.Attributes[0].Value);
    }
}
