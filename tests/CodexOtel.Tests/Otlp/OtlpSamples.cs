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

namespace CodexOtel.Tests.Otlp;

/// <summary>Messages that set every OTLP field, and helpers to push messages through the codec.</summary>
internal static class OtlpSamples
{
    public static readonly ByteString TraceId = Bytes("5b8efff798038103d269b633813fc60c");
    public static readonly ByteString SpanId = Bytes("eee19b7ec3c1b174");
    public static readonly ByteString ParentSpanId = Bytes("eee19b7ec3c1b173");

    public static string ToJson(Signal signal, IMessage message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            OtlpJsonEncoder.Write(writer, signal, message);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string ToJson(ExportTraceServiceRequest request) => ToJson(Signal.Traces, request);

    public static string ToJson(ExportLogsServiceRequest request) => ToJson(Signal.Logs, request);

    public static string ToJson(ExportMetricsServiceRequest request) => ToJson(Signal.Metrics, request);

    public static ByteString Bytes(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));

    /// <summary>Every AnyValue kind, nested arrays and kvlists included.</summary>
    public static IEnumerable<KeyValue> EveryAnyValueKind()
    {
        yield return Kv("string", new AnyValue { StringValue = "héllo \"wörld\" \u2028 🚀\n\t\\" });
        yield return Kv("empty.string", new AnyValue { StringValue = string.Empty });
        yield return Kv("bool.true", new AnyValue { BoolValue = true });
        yield return Kv("bool.false", new AnyValue { BoolValue = false });
        yield return Kv("int", new AnyValue { IntValue = long.MinValue });
        yield return Kv("int.zero", new AnyValue { IntValue = 0 });
        yield return Kv("double", new AnyValue { DoubleValue = 637.704 });
        yield return Kv("double.nan", new AnyValue { DoubleValue = double.NaN });
        yield return Kv("double.inf", new AnyValue { DoubleValue = double.NegativeInfinity });
        yield return Kv("bytes", new AnyValue { BytesValue = ByteString.CopyFrom(0, 1, 2, 250, 255) });
        yield return Kv("bytes.empty", new AnyValue { BytesValue = ByteString.Empty });
        yield return Kv("unset", new AnyValue());
        yield return Kv(string.Empty, new AnyValue { StringValue = "empty key" });
        var array = new ArrayValue();
        array.Values.Add(new AnyValue { StringValue = "many" });
        array.Values.Add(new AnyValue { IntValue = 2 });
        array.Values.Add(new AnyValue());
        array.Values.Add(new AnyValue { ArrayValue = new ArrayValue() });
        yield return Kv("array", new AnyValue { ArrayValue = array });
        var inner = new KeyValueList();
        inner.Values.Add(Kv("deep", new AnyValue { DoubleValue = 1e-7 }));
        var map = new KeyValueList();
        map.Values.Add(Kv("some.map.key", new AnyValue { StringValue = "some value" }));
        map.Values.Add(Kv("nested", new AnyValue { KvlistValue = inner }));
        map.Values.Add(Kv("empty", new AnyValue { KvlistValue = new KeyValueList() }));
        yield return Kv("map", new AnyValue { KvlistValue = map });
    }

    public static KeyValue Kv(string key, AnyValue value) => new() { Key = key, Value = value };

    public static KeyValue Kv(string key, string value) => Kv(key, new AnyValue { StringValue = value });

    public static Resource RichResource()
    {
        var resource = new Resource { DroppedAttributesCount = 3 };
        resource.Attributes.Add(Kv("service.name", "codex_cli_rs"));
        resource.Attributes.Add(EveryAnyValueKind());
        var entity = new EntityRef { SchemaUrl = "https://opentelemetry.io/schemas/1.30.0", Type = "service" };
        entity.IdKeys.Add("service.name");
        entity.IdKeys.Add("service.instance.id");
        entity.DescriptionKeys.Add("service.version");
        resource.EntityRefs.Add(entity);
        resource.EntityRefs.Add(new EntityRef { Type = "host" });
        return resource;
    }

    public static InstrumentationScope RichScope()
    {
        var scope = new InstrumentationScope { Name = "codex", Version = "0.50.0", DroppedAttributesCount = 1 };
        scope.Attributes.Add(Kv("scope.attr", "x"));
        return scope;
    }

    public static ExportTraceServiceRequest RichTraces()
    {
        var span = new Span
        {
            TraceId = TraceId,
            SpanId = SpanId,
            TraceState = "rojo=00f067aa0ba902b7",
            ParentSpanId = ParentSpanId,
            Flags = 0x301,
            Name = "I'm a server span",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = 1544712660000000000,
            EndTimeUnixNano = ulong.MaxValue,
            DroppedAttributesCount = 4,
            DroppedEventsCount = 5,
            DroppedLinksCount = 6,
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" },
        };
        span.Attributes.Add(EveryAnyValueKind());
        var spanEvent = new Span.Types.Event { TimeUnixNano = 1544712660500000000, Name = "event", DroppedAttributesCount = 2 };
        spanEvent.Attributes.Add(Kv("event.attr", new AnyValue { BoolValue = true }));
        span.Events.Add(spanEvent);
        span.Events.Add(new Span.Types.Event());
        var link = new Span.Types.Link
        {
            TraceId = Bytes("0102030405060708090a0b0c0d0e0f10"),
            SpanId = Bytes("1112131415161718"),
            TraceState = "k=v",
            DroppedAttributesCount = 7,
            Flags = 1,
        };
        link.Attributes.Add(Kv("link.attr", "y"));
        span.Links.Add(link);

        var bare = new Span { Name = "bare", Status = new Status() };
        var scopeSpans = new ScopeSpans { Scope = RichScope(), SchemaUrl = "https://opentelemetry.io/schemas/1.21.0" };
        scopeSpans.Spans.Add(span);
        scopeSpans.Spans.Add(bare);
        var resourceSpans = new ResourceSpans { Resource = RichResource(), SchemaUrl = "https://schema/resource" };
        resourceSpans.ScopeSpans.Add(scopeSpans);
        resourceSpans.ScopeSpans.Add(new ScopeSpans { Scope = new InstrumentationScope() });
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        request.ResourceSpans.Add(new ResourceSpans { Resource = new Resource() });
        return request;
    }

    public static ExportLogsServiceRequest RichLogs()
    {
        var record = new LogRecord
        {
            TimeUnixNano = 1544712660300000000,
            ObservedTimeUnixNano = 1544712660300000001,
            SeverityNumber = SeverityNumber.Warn3,
            SeverityText = "Information",
            Body = new AnyValue { KvlistValue = new KeyValueList { Values = { Kv("prompt", "hi") } } },
            DroppedAttributesCount = 8,
            Flags = 1,
            TraceId = TraceId,
            SpanId = SpanId,
            EventName = "codex.user_prompt",
        };
        record.Attributes.Add(EveryAnyValueKind());
        var scopeLogs = new ScopeLogs { Scope = RichScope(), SchemaUrl = "https://schema/scope" };
        scopeLogs.LogRecords.Add(record);
        scopeLogs.LogRecords.Add(new LogRecord { Body = new AnyValue() });
        var resourceLogs = new ResourceLogs { Resource = RichResource(), SchemaUrl = "https://schema/resource" };
        resourceLogs.ScopeLogs.Add(scopeLogs);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resourceLogs);
        return request;
    }

    public static ExportMetricsServiceRequest RichMetrics()
    {
        var scopeMetrics = new ScopeMetrics { Scope = RichScope(), SchemaUrl = "https://schema/scope" };
        scopeMetrics.Metrics.Add(GaugeMetric());
        scopeMetrics.Metrics.Add(SumMetric());
        scopeMetrics.Metrics.Add(HistogramMetric());
        scopeMetrics.Metrics.Add(ExponentialHistogramMetric());
        scopeMetrics.Metrics.Add(SummaryMetric());
        scopeMetrics.Metrics.Add(new Metric { Name = "no.data" });
        var resourceMetrics = new ResourceMetrics { Resource = RichResource(), SchemaUrl = "https://schema/resource" };
        resourceMetrics.ScopeMetrics.Add(scopeMetrics);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resourceMetrics);
        return request;
    }

    private static Exemplar[] Exemplars()
    {
        var withDouble = new Exemplar { TimeUnixNano = 11, AsDouble = 0.25, TraceId = TraceId, SpanId = SpanId };
        withDouble.FilteredAttributes.Add(Kv("filtered", "f"));
        return [withDouble, new Exemplar { TimeUnixNano = 12, AsInt = -3 }, new Exemplar()];
    }

    private static Metric GaugeMetric()
    {
        var gauge = new Gauge();
        var point = new NumberDataPoint { StartTimeUnixNano = 1, TimeUnixNano = 2, AsDouble = 10, Flags = 1 };
        point.Attributes.Add(Kv("my.gauge.attr", "some value"));
        point.Exemplars.Add(Exemplars());
        gauge.DataPoints.Add(point);
        gauge.DataPoints.Add(new NumberDataPoint { AsDouble = 0 });
        gauge.DataPoints.Add(new NumberDataPoint());
        var metric = new Metric { Name = "my.gauge", Description = "I'm a Gauge", Unit = "1", Gauge = gauge };
        metric.Metadata.Add(Kv("meta", "data"));
        return metric;
    }

    private static Metric SumMetric()
    {
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Delta, IsMonotonic = true };
        sum.DataPoints.Add(new NumberDataPoint { TimeUnixNano = 3, AsInt = long.MaxValue });
        sum.DataPoints.Add(new NumberDataPoint { TimeUnixNano = 4, AsInt = 0 });
        return new Metric { Name = "my.counter", Unit = "{token}", Sum = sum };
    }

    private static Metric HistogramMetric()
    {
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
        var point = new HistogramDataPoint
        {
            StartTimeUnixNano = 5,
            TimeUnixNano = 6,
            Count = 3,
            Sum = 3.5,
            Flags = 1,
            Min = 0,
            Max = 2.5,
        };
        point.BucketCounts.Add([1, 0, 2]);
        point.ExplicitBounds.Add([0.5, 1e21]);
        point.Attributes.Add(Kv("h", "1"));
        point.Exemplars.Add(Exemplars());
        histogram.DataPoints.Add(point);
        histogram.DataPoints.Add(new HistogramDataPoint { Count = 0 });
        return new Metric { Name = "my.histogram", Histogram = histogram };
    }

    private static Metric ExponentialHistogramMetric()
    {
        var histogram = new ExponentialHistogram { AggregationTemporality = AggregationTemporality.Delta };
        var point = new ExponentialHistogramDataPoint
        {
            StartTimeUnixNano = 7,
            TimeUnixNano = 8,
            Count = 9,
            Sum = -1.5,
            Scale = -3,
            ZeroCount = 2,
            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = -2, BucketCounts = { 1, 2, 3 } },
            Negative = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 4, BucketCounts = { 5 } },
            Flags = 1,
            Min = -2,
            Max = 7,
            ZeroThreshold = 1e-9,
        };
        point.Attributes.Add(Kv("e", "1"));
        point.Exemplars.Add(Exemplars());
        histogram.DataPoints.Add(point);
        histogram.DataPoints.Add(new ExponentialHistogramDataPoint
        {
            Positive = new ExponentialHistogramDataPoint.Types.Buckets(),
            Negative = new ExponentialHistogramDataPoint.Types.Buckets(),
        });
        return new Metric { Name = "my.exponential", ExponentialHistogram = histogram };
    }

    private static Metric SummaryMetric()
    {
        var summary = new Summary();
        var point = new SummaryDataPoint { StartTimeUnixNano = 9, TimeUnixNano = 10, Count = 4, Sum = 12.5, Flags = 1 };
        point.Attributes.Add(Kv("s", "1"));
        point.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.99, Value = 42 });
        point.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile());
        summary.DataPoints.Add(point);
        return new Metric { Name = "my.summary", Summary = summary };
    }
}
