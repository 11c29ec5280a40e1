using System.Text;
using System.Text.Json;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using static CodexOtel.Tests.Otlp.OtlpSamples;

namespace CodexOtel.Tests.Otlp;

/// <summary>
/// Expected output written by hand from the collector's pdata JSON marshaler (see OtlpJsonEncoder.cs):
/// defaults omitted, message fields always present, 64-bit integers quoted, ids lowercase hex.
/// </summary>
public class OtlpJsonEncoderGoldenTests
{
    [Fact]
    public void Writes_traces_exactly_as_the_collector_file_exporter()
    {
        var request = new ExportTraceServiceRequest();
        var resourceSpans = new ResourceSpans { Resource = new Resource { Attributes = { Kv("service.name", "codex_cli_rs") } } };
        var scopeSpans = new ScopeSpans { Scope = new InstrumentationScope { Name = "codex", Version = "0.50.0" } };
        scopeSpans.Spans.Add(new Span
        {
            TraceId = Bytes("5B8EFFF798038103D269B633813FC60C"),
            SpanId = SpanId,
            Flags = 256,
            Name = "handle_turn",
            Kind = Span.Types.SpanKind.Internal,
            StartTimeUnixNano = 1544712660000000000,
            EndTimeUnixNano = 1544712661000000000,
            Attributes =
            {
                Kv("tokens", new AnyValue { IntValue = 42 }),
                Kv("ok", new AnyValue { BoolValue = true }),
                Kv("ratio", new AnyValue { DoubleValue = 0.5 }),
            },
        });
        scopeSpans.Spans.Add(new Span
        {
            TraceId = ByteString.CopyFrom(new byte[16]),
            Name = "failed",
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" },
        });
        resourceSpans.ScopeSpans.Add(scopeSpans);
        request.ResourceSpans.Add(resourceSpans);

        Assert.Equal(
            """{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"codex_cli_rs"}}]},"scopeSpans":[{"scope":{"name":"codex","version":"0.50.0"},"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","flags":256,"name":"handle_turn","kind":1,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","attributes":[{"key":"tokens","value":{"intValue":"42"}},{"key":"ok","value":{"boolValue":true}},{"key":"ratio","value":{"doubleValue":0.5}}],"status":{}},{"name":"failed","status":{"message":"boom","code":2}}]}]}]}""",
            ToJson(request));
    }

    [Fact]
    public void Writes_logs_exactly_as_the_collector_file_exporter()
    {
        var scopeLogs = new ScopeLogs { Scope = new InstrumentationScope { Name = "codex_otel" } };
        scopeLogs.LogRecords.Add(new LogRecord
        {
            TimeUnixNano = 1760000000123456789,
            ObservedTimeUnixNano = 1760000000123456999,
            SeverityNumber = SeverityNumber.Info,
            SeverityText = "INFO",
            Body = new AnyValue { StringValue = "codex.user_prompt" },
            Attributes = { Kv("prompt_length", new AnyValue { IntValue = 12 }) },
            Flags = 1,
            TraceId = TraceId,
            SpanId = SpanId,
            EventName = "codex.user_prompt",
        });
        scopeLogs.LogRecords.Add(new LogRecord { SeverityText = "Error" });
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(new ResourceLogs { ScopeLogs = { scopeLogs }, SchemaUrl = "https://opentelemetry.io/schemas/1.26.0" });

        Assert.Equal(
            """{"resourceLogs":[{"resource":{},"scopeLogs":[{"scope":{"name":"codex_otel"},"logRecords":[{"timeUnixNano":"1760000000123456789","observedTimeUnixNano":"1760000000123456999","severityNumber":9,"severityText":"INFO","body":{"stringValue":"codex.user_prompt"},"attributes":[{"key":"prompt_length","value":{"intValue":"12"}}],"flags":1,"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","eventName":"codex.user_prompt"},{"severityText":"Error","body":{}}]}],"schemaUrl":"https://opentelemetry.io/schemas/1.26.0"}]}""",
            ToJson(request));
    }

    [Fact]
    public void Writes_metrics_exactly_as_the_collector_file_exporter()
    {
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Delta, IsMonotonic = true };
        sum.DataPoints.Add(new NumberDataPoint { StartTimeUnixNano = 1, TimeUnixNano = 2, AsInt = 3 });
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
        histogram.DataPoints.Add(new HistogramDataPoint
        {
            TimeUnixNano = 2,
            Count = 3,
            Sum = 0,
            BucketCounts = { 1, 2 },
            ExplicitBounds = { 0.25 },
            Min = 0.1,
            Exemplars = { new Exemplar { AsDouble = 0.1, SpanId = SpanId, TraceId = TraceId } },
        });
        var exponential = new ExponentialHistogram();
        exponential.DataPoints.Add(new ExponentialHistogramDataPoint { Count = 1, Scale = -1, Positive = new() { BucketCounts = { 1 } } });
        var summary = new Summary();
        summary.DataPoints.Add(new SummaryDataPoint
        {
            Count = 2,
            Sum = 0,
            QuantileValues = { new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0, Value = 1.5 } },
        });
        var scopeMetrics = new ScopeMetrics
        {
            Metrics =
            {
                new Metric { Name = "codex.tool.call", Unit = "1", Sum = sum },
                new Metric { Name = "codex.duration", Histogram = histogram },
                new Metric { Name = "exp", ExponentialHistogram = exponential },
                new Metric { Name = "q", Summary = summary },
                new Metric { Name = "g", Gauge = new Gauge() },
            },
        };
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(new ResourceMetrics { ScopeMetrics = { scopeMetrics } });

        Assert.Equal(
            """{"resourceMetrics":[{"resource":{},"scopeMetrics":[{"scope":{},"metrics":[{"name":"codex.tool.call","unit":"1","sum":{"dataPoints":[{"startTimeUnixNano":"1","timeUnixNano":"2","asInt":"3"}],"aggregationTemporality":1,"isMonotonic":true}},{"name":"codex.duration","histogram":{"dataPoints":[{"timeUnixNano":"2","count":"3","sum":0,"bucketCounts":["1","2"],"explicitBounds":[0.25],"exemplars":[{"asDouble":0.1,"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}],"min":0.1}],"aggregationTemporality":2}},{"name":"exp","exponentialHistogram":{"dataPoints":[{"count":"1","scale":-1,"positive":{"bucketCounts":["1"]},"negative":{}}]}},{"name":"q","summary":{"dataPoints":[{"count":"2","quantileValues":[{"value":1.5}]}]}},{"name":"g","gauge":{}}]}]}]}""",
            ToJson(request));
    }

    [Fact]
    public void Writes_an_empty_request_as_an_empty_object()
    {
        Assert.Equal("{}", ToJson(new ExportTraceServiceRequest()));
        Assert.Equal("{}", ToJson(new ExportLogsServiceRequest()));
        Assert.Equal("{}", ToJson(new ExportMetricsServiceRequest()));
    }

    [Fact]
    public void Writes_unset_resource_scope_value_and_status_as_empty_objects()
    {
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(new ResourceSpans
        {
            ScopeSpans = { new ScopeSpans { Spans = { new Span { Attributes = { new KeyValue { Key = "k" } } } } } },
        });

        Assert.Equal(
            """{"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{},"spans":[{"attributes":[{"key":"k","value":{}}],"status":{}}]}]}]}""",
            ToJson(request));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(637.704, "637.704")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(1e16, "10000000000000000")]
    [InlineData(123456789012345680.0, "123456789012345680")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(-1.5e300, "-1.5e+300")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e-5, "0.00001")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1.2345e-6, "0.0000012345")]
    [InlineData(9.99e-7, "9.99e-07")]
    [InlineData(1e-7, "1e-07")]
    [InlineData(-2.5e-8, "-2.5e-08")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.NaN, "\"NaN\"")]
    [InlineData(double.PositiveInfinity, "\"Infinity\"")]
    [InlineData(double.NegativeInfinity, "\"-Infinity\"")]
    public void Writes_doubles_in_gos_shortest_layout(double value, string expected)
    {
        Assert.Equal("{\"doubleValue\":" + expected + "}", WriteAnyValue(new AnyValue { DoubleValue = value }));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("q\"b\\s/", "\"q\\\"b\\\\s/\"")]
    [InlineData("\n\r\t", "\"\\n\\r\\t\"")]
    [InlineData("\b\f\u0001\u001f", "\"\\u0008\\u000c\\u0001\\u001f\"")]
    [InlineData("<a href='x'>&amp;</a>\u007f", "\"<a href='x'>&amp;</a>\u007f\"")]
    [InlineData("héllo wörld ✓ 🚀 \u2028\u2029", "\"héllo wörld ✓ 🚀 \u2028\u2029\"")]
    public void Escapes_only_quotes_backslashes_and_control_characters(string value, string expected)
    {
        Assert.Equal("{\"stringValue\":" + expected + "}", WriteAnyValue(new AnyValue { StringValue = value }));
    }

    [Fact]
    public void Writes_a_lone_surrogate_as_the_replacement_character()
    {
        Assert.Equal("{\"stringValue\":\"lone \ufffd surrogate\"}", WriteAnyValue(new AnyValue { StringValue = "lone \ud800 surrogate" }));
    }

    [Fact]
    public void Writes_long_strings_with_escapes_intact()
    {
        var value = string.Concat(Enumerable.Repeat("line \"one\"\n🚀", 2_000));

        var json = WriteAnyValue(new AnyValue { StringValue = value });

        Assert.Equal("{\"stringValue\":\"" + string.Concat(Enumerable.Repeat("line \\\"one\\\"\\n🚀", 2_000)) + "\"}", json);
    }

    [Fact]
    public void Writes_megabyte_strings_that_outgrow_the_scratch_buffers()
    {
        var value = new string('x', 500_000) + "\"" + new string('é', 200_000);

        var json = WriteAnyValue(new AnyValue { StringValue = value });

        Assert.Equal("{\"stringValue\":\"" + new string('x', 500_000) + "\\\"" + new string('é', 200_000) + "\"}", json);
    }

    [Fact]
    public void Writes_bytes_as_padded_standard_base64()
    {
        Assert.Equal("{\"bytesValue\":\"+/8A\"}", WriteAnyValue(new AnyValue { BytesValue = ByteString.CopyFrom(0xFB, 0xFF, 0x00) }));
        Assert.Equal("{\"bytesValue\":\"AQ==\"}", WriteAnyValue(new AnyValue { BytesValue = ByteString.CopyFrom(1) }));
    }

    [Fact]
    public void Refuses_a_message_of_another_signal()
    {
        using var writer = new Utf8JsonWriter(Stream.Null);

        Assert.Throws<ArgumentException>(() => OtlpJsonEncoder.Write(writer, Signal.Logs, new ExportTraceServiceRequest()));
    }

    [Fact]
    public void Writes_into_a_validating_writer_too()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            OtlpJsonEncoder.Write(writer, RichTraces());
        }

        Assert.Equal(ToJson(RichTraces()), Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static string WriteAnyValue(AnyValue value)
    {
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { new LogRecord { Body = value } } } } });
        var json = ToJson(request);
        const string prefix = "{\"resourceLogs\":[{\"resource\":{},\"scopeLogs\":[{\"scope\":{},\"logRecords\":[{\"body\":";
        Assert.StartsWith(prefix, json, StringComparison.Ordinal);
        return json[prefix.Length..^"}]}]}]}".Length];
    }
}
