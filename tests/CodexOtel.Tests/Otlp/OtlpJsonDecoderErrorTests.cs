using System.Text;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;

namespace CodexOtel.Tests.Otlp;

public class OtlpJsonDecoderErrorTests
{
    private static OtlpJsonException DecodeFails(Signal signal, string json) =>
        Assert.Throws<OtlpJsonException>(() => OtlpJsonDecoder.Decode(signal, Encoding.UTF8.GetBytes(json)));

    private static string Spans(params string[] spans) =>
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + string.Join(",", spans) + "]}]}]}";

    [Fact]
    public void A_trace_id_one_character_short_is_reported_with_its_path()
    {
        var error = DecodeFails(Signal.Traces, Spans(
            "{}",
            "{}",
            "{\"name\":\"ok\"}",
            "{\"traceId\":\"5b8efff798038103d269b633813fc60\"}"));

        Assert.StartsWith(
            "resourceSpans[0].scopeSpans[0].spans[3].traceId: expected 32 hex characters, got 31",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal("resourceSpans[0].scopeSpans[0].spans[3].traceId", error.JsonPath);
        Assert.Equal(Spans("{}", "{}", "{\"name\":\"ok\"}", "{\"traceId\":").Length - "]}]}]}".Length, error.ByteOffset);
    }

    [Fact]
    public void A_non_hex_span_id_names_the_bad_character()
    {
        var error = DecodeFails(Signal.Traces, Spans("{\"spanId\":\"eee19b7ec3c1g174\"}"));

        Assert.Contains("spans[0].spanId: invalid hex character 'g' at position 12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_id_given_where_a_span_id_belongs_is_refused()
    {
        var error = DecodeFails(Signal.Traces, Spans("{\"parentSpanId\":\"5b8efff798038103d269b633813fc60c\"}"));

        Assert.Contains("parentSpanId: expected 16 hex characters, got 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Base64_ids_are_refused_because_otlp_json_ids_are_hex()
    {
        var error = DecodeFails(Signal.Logs, "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"W47/95gDgQPSabYzgT/GDA==\"}]}]}]}");

        Assert.Contains("logRecords[0].traceId: expected 32 hex characters, got 24", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"x\"")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"x")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":")]
    [InlineData("{\"resourceSpans\":[")]
    [InlineData("{\"resourceSpans\"")]
    [InlineData("{")]
    public void Truncated_json_is_reported_as_invalid_json(string json)
    {
        var error = DecodeFails(Signal.Traces, json);

        Assert.Contains("invalid JSON", error.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(error.InnerException, exactMatch: false);
    }

    [Fact]
    public void Truncated_json_names_the_deepest_complete_location()
    {
        var error = DecodeFails(Signal.Traces, "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"x\",\"kind\":");

        Assert.StartsWith("resourceSpans[0].scopeSpans[0].spans[0].kind: invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "expected a JSON object at the top level, got an array")]
    [InlineData("[{\"resourceSpans\":[]}]", "expected a JSON object at the top level, got an array")]
    [InlineData("\"resourceSpans\"", "expected a JSON object at the top level, got the string \"resourceSpans\"")]
    [InlineData("42", "expected a JSON object at the top level, got the number 42")]
    [InlineData("null", "expected a JSON object at the top level, got null")]
    public void Anything_but_an_object_at_the_top_level_is_refused(string json, string reason)
    {
        var error = DecodeFails(Signal.Traces, json);

        Assert.Equal(reason + " (at byte 0)", error.Message);
    }

    [Fact]
    public void Data_after_the_top_level_object_is_refused()
    {
        var error = DecodeFails(Signal.Logs, "{\"resourceLogs\":[]} {}");

        Assert.Contains("invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\":5}", "spans[0].name: expected a string, got the number 5")]
    [InlineData("{\"attributes\":{}}", "spans[0].attributes: expected an array, got an object")]
    [InlineData("{\"status\":[]}", "spans[0].status: expected an object, got an array")]
    [InlineData("{\"startTimeUnixNano\":\"soon\"}", "spans[0].startTimeUnixNano: expected an unsigned 64-bit integer, got the string \"soon\"")]
    [InlineData("{\"startTimeUnixNano\":-1}", "spans[0].startTimeUnixNano: expected an unsigned 64-bit integer, got the number -1")]
    [InlineData("{\"endTimeUnixNano\":1.5}", "spans[0].endTimeUnixNano: expected an unsigned 64-bit integer, got the number 1.5")]
    [InlineData("{\"endTimeUnixNano\":\"18446744073709551616\"}", "spans[0].endTimeUnixNano: expected an unsigned 64-bit integer")]
    [InlineData("{\"droppedAttributesCount\":4294967296}", "spans[0].droppedAttributesCount: expected an unsigned 32-bit integer, got the number 4294967296")]
    [InlineData("{\"kind\":\"SPAN_KIND_SIDEWAYS\"}", "spans[0].kind: unknown SpanKind the string \"SPAN_KIND_SIDEWAYS\"")]
    [InlineData("{\"kind\":true}", "spans[0].kind: expected a SpanKind (integer or name), got true")]
    [InlineData("{\"traceId\":123}", "spans[0].traceId: expected a hex string, got the number 123")]
    [InlineData("{\"attributes\":[{\"key\":\"k\",\"value\":{\"boolValue\":\"true\"}}]}", "spans[0].attributes[0].value.boolValue: expected true or false, got the string \"true\"")]
    [InlineData("{\"attributes\":[{\"key\":\"k\",\"value\":{\"intValue\":\"12x\"}}]}", "spans[0].attributes[0].value.intValue: expected a 64-bit integer, got the string \"12x\"")]
    [InlineData("{\"attributes\":[{\"key\":\"k\",\"value\":{\"doubleValue\":\"fast\"}}]}", "spans[0].attributes[0].value.doubleValue: expected a number, got the string \"fast\"")]
    [InlineData("{\"attributes\":[{\"key\":\"k\",\"value\":{\"bytesValue\":\"@@@\"}}]}", "spans[0].attributes[0].value.bytesValue: expected base64, got the string \"@@@\"")]
    [InlineData("{\"attributes\":[{\"key\":\"k\",\"value\":{\"arrayValue\":{\"values\":[1]}}}]}", "spans[0].attributes[0].value.arrayValue.values[0]: expected an object, got the number 1")]
    [InlineData("{\"attributes\":[\"k\"]}", "spans[0].attributes[0]: expected an object, got the string \"k\"")]
    [InlineData("{\"events\":[{},{\"timeUnixNano\":{}}]}", "spans[0].events[1].timeUnixNano: expected an unsigned 64-bit integer, got an object")]
    public void Wrong_value_types_are_reported_with_their_path(string span, string expected)
    {
        var error = DecodeFails(Signal.Traces, Spans(span));

        Assert.Contains("resourceSpans[0].scopeSpans[0]." + expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"count\":\"-3\"}", "dataPoints[0].count: expected an unsigned 64-bit integer")]
    [InlineData("{\"bucketCounts\":[1,null]}", "dataPoints[0].bucketCounts[1]: expected an unsigned 64-bit integer, got null")]
    [InlineData("{\"explicitBounds\":[1,\"x\"]}", "dataPoints[0].explicitBounds[1]: expected a number, got the string \"x\"")]
    [InlineData("{\"min\":true}", "dataPoints[0].min: expected a number, got true")]
    public void Wrong_metric_values_are_reported_with_their_path(string point, string expected)
    {
        var json = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"histogram\":{\"dataPoints\":[" + point + "]}}]}]}]}";

        var error = DecodeFails(Signal.Metrics, json);

        Assert.Contains("scopeMetrics[0].metrics[0].histogram." + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_nested_deeper_than_64_levels_are_refused()
    {
        var error = DecodeFails(Signal.Logs, LogWithBodyNestedArrays(64));

        Assert.Contains("values are nested more than 64 levels deep", error.Message, StringComparison.Ordinal);
        Assert.Contains("logRecords[0].body.arrayValue.values[0].arrayValue.values[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_nested_64_levels_deep_are_accepted()
    {
        var request = OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(LogWithBodyNestedArrays(63)));

        var value = request.ResourceLogs[0].ScopeLogs[0].LogRecords[0].Body;
        var depth = 1;
        while (value.ArrayValue is { } array)
        {
            value = array.Values[0];
            depth++;
        }

        Assert.Equal(64, depth);
    }

    [Fact]
    public void Deeply_nested_unknown_fields_are_refused_without_overflowing_the_stack()
    {
        var json = "{\"resourceLogs\":[],\"junk\":" + new string('[', 100_000) + new string(']', 100_000) + "}";

        var error = DecodeFails(Signal.Logs, json);

        Assert.Contains("junk", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_kvlists_are_refused_without_overflowing_the_stack()
    {
        var open = new StringBuilder();
        var close = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
        {
            open.Append("{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":");
            close.Append("}]}}");
        }

        var json = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":" + open + "{}" + close + "}]}]}]}";

        Assert.Throws<OtlpJsonException>(() => OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Invalid_utf8_is_reported_as_invalid_json()
    {
        byte[] json = [.. "{\"resourceLogs\":[{\"schemaUrl\":\""u8, 0xC3, 0x28, .. "\"}]}"u8];

        var error = Assert.Throws<OtlpJsonException>(() => OtlpJsonDecoder.DecodeLogs(json));

        Assert.StartsWith("resourceLogs[0].schemaUrl: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_after_a_property_name_that_is_not_utf8_is_still_reported_as_the_codec_exception()
    {
        byte[] json = [.. "{\"resourceLogs\":[{\"a"u8, 0xC3, 0x28, .. "\":1,\"schemaUrl\":5}]}"u8];

        var error = Assert.Throws<OtlpJsonException>(() => OtlpJsonDecoder.DecodeLogs(json));

        Assert.Contains("expected a string, got the number 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detecting_the_signal_of_a_top_level_array_fails_with_the_codec_exception()
    {
        var error = Assert.Throws<OtlpJsonException>(() => OtlpJsonDecoder.DetectSignal("[{\"resourceSpans\":[]}]"u8));

        Assert.IsType<FormatException>(error, exactMatch: false);
        Assert.Contains("expected a JSON object at the top level", error.Message, StringComparison.Ordinal);
    }

    private static string LogWithBodyNestedArrays(int levels)
    {
        var body = new StringBuilder("{\"stringValue\":\"leaf\"}");
        for (var i = 0; i < levels; i++)
        {
            body.Insert(0, "{\"arrayValue\":{\"values\":[").Append("]}}");
        }

        return "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":" + body + "}]}]}]}";
    }
}
