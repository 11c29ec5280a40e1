using System.Text.Json;

namespace CodexOtel.Otlp.Json;

/// <summary>Pre-encoded lowerCamelCase OTLP-JSON property names, so the encoder never escapes a name.</summary>
internal static class JsonNames
{
    // Envelope
    public static readonly JsonEncodedText ResourceLogs = JsonEncodedText.Encode("resourceLogs");
    public static readonly JsonEncodedText ResourceSpans = JsonEncodedText.Encode("resourceSpans");
    public static readonly JsonEncodedText ResourceMetrics = JsonEncodedText.Encode("resourceMetrics");
    public static readonly JsonEncodedText Resource = JsonEncodedText.Encode("resource");
    public static readonly JsonEncodedText ScopeLogs = JsonEncodedText.Encode("scopeLogs");
    public static readonly JsonEncodedText ScopeSpans = JsonEncodedText.Encode("scopeSpans");
    public static readonly JsonEncodedText ScopeMetrics = JsonEncodedText.Encode("scopeMetrics");
    public static readonly JsonEncodedText Scope = JsonEncodedText.Encode("scope");
    public static readonly JsonEncodedText SchemaUrl = JsonEncodedText.Encode("schemaUrl");

    // Common
    public static readonly JsonEncodedText Attributes = JsonEncodedText.Encode("attributes");
    public static readonly JsonEncodedText DroppedAttributesCount = JsonEncodedText.Encode("droppedAttributesCount");
    public static readonly JsonEncodedText EntityRefs = JsonEncodedText.Encode("entityRefs");
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText IdKeys = JsonEncodedText.Encode("idKeys");
    public static readonly JsonEncodedText DescriptionKeys = JsonEncodedText.Encode("descriptionKeys");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    public static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
    public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    public static readonly JsonEncodedText Values = JsonEncodedText.Encode("values");
    public static readonly JsonEncodedText StringValue = JsonEncodedText.Encode("stringValue");
    public static readonly JsonEncodedText BoolValue = JsonEncodedText.Encode("boolValue");
    public static readonly JsonEncodedText IntValue = JsonEncodedText.Encode("intValue");
    public static readonly JsonEncodedText DoubleValue = JsonEncodedText.Encode("doubleValue");
    public static readonly JsonEncodedText ArrayValue = JsonEncodedText.Encode("arrayValue");
    public static readonly JsonEncodedText KvlistValue = JsonEncodedText.Encode("kvlistValue");
    public static readonly JsonEncodedText BytesValue = JsonEncodedText.Encode("bytesValue");
    public static readonly JsonEncodedText TraceId = JsonEncodedText.Encode("traceId");
    public static readonly JsonEncodedText SpanId = JsonEncodedText.Encode("spanId");
    public static readonly JsonEncodedText Flags = JsonEncodedText.Encode("flags");
    public static readonly JsonEncodedText TimeUnixNano = JsonEncodedText.Encode("timeUnixNano");
    public static readonly JsonEncodedText StartTimeUnixNano = JsonEncodedText.Encode("startTimeUnixNano");

    // Traces
    public static readonly JsonEncodedText Spans = JsonEncodedText.Encode("spans");
    public static readonly JsonEncodedText TraceState = JsonEncodedText.Encode("traceState");
    public static readonly JsonEncodedText ParentSpanId = JsonEncodedText.Encode("parentSpanId");
    public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    public static readonly JsonEncodedText EndTimeUnixNano = JsonEncodedText.Encode("endTimeUnixNano");
    public static readonly JsonEncodedText Events = JsonEncodedText.Encode("events");
    public static readonly JsonEncodedText DroppedEventsCount = JsonEncodedText.Encode("droppedEventsCount");
    public static readonly JsonEncodedText Links = JsonEncodedText.Encode("links");
    public static readonly JsonEncodedText DroppedLinksCount = JsonEncodedText.Encode("droppedLinksCount");
    public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    public static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");

    // Logs
    public static readonly JsonEncodedText LogRecords = JsonEncodedText.Encode("logRecords");
    public static readonly JsonEncodedText ObservedTimeUnixNano = JsonEncodedText.Encode("observedTimeUnixNano");
    public static readonly JsonEncodedText SeverityNumber = JsonEncodedText.Encode("severityNumber");
    public static readonly JsonEncodedText SeverityText = JsonEncodedText.Encode("severityText");
    public static readonly JsonEncodedText Body = JsonEncodedText.Encode("body");
    public static readonly JsonEncodedText EventName = JsonEncodedText.Encode("eventName");

    // Metrics
    public static readonly JsonEncodedText Metrics = JsonEncodedText.Encode("metrics");
    public static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
    public static readonly JsonEncodedText Unit = JsonEncodedText.Encode("unit");
    public static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
    public static readonly JsonEncodedText Gauge = JsonEncodedText.Encode("gauge");
    public static readonly JsonEncodedText Sum = JsonEncodedText.Encode("sum");
    public static readonly JsonEncodedText Histogram = JsonEncodedText.Encode("histogram");
    public static readonly JsonEncodedText ExponentialHistogram = JsonEncodedText.Encode("exponentialHistogram");
    public static readonly JsonEncodedText Summary = JsonEncodedText.Encode("summary");
    public static readonly JsonEncodedText DataPoints = JsonEncodedText.Encode("dataPoints");
    public static readonly JsonEncodedText AggregationTemporality = JsonEncodedText.Encode("aggregationTemporality");
    public static readonly JsonEncodedText IsMonotonic = JsonEncodedText.Encode("isMonotonic");
    public static readonly JsonEncodedText AsDouble = JsonEncodedText.Encode("asDouble");
    public static readonly JsonEncodedText AsInt = JsonEncodedText.Encode("asInt");
    public static readonly JsonEncodedText Exemplars = JsonEncodedText.Encode("exemplars");
    public static readonly JsonEncodedText FilteredAttributes = JsonEncodedText.Encode("filteredAttributes");
    public static readonly JsonEncodedText Count = JsonEncodedText.Encode("count");
    public static readonly JsonEncodedText BucketCounts = JsonEncodedText.Encode("bucketCounts");
    public static readonly JsonEncodedText ExplicitBounds = JsonEncodedText.Encode("explicitBounds");
    public static readonly JsonEncodedText Min = JsonEncodedText.Encode("min");
    public static readonly JsonEncodedText Max = JsonEncodedText.Encode("max");
    public static readonly JsonEncodedText Scale = JsonEncodedText.Encode("scale");
    public static readonly JsonEncodedText ZeroCount = JsonEncodedText.Encode("zeroCount");
    public static readonly JsonEncodedText Positive = JsonEncodedText.Encode("positive");
    public static readonly JsonEncodedText Negative = JsonEncodedText.Encode("negative");
    public static readonly JsonEncodedText Offset = JsonEncodedText.Encode("offset");
    public static readonly JsonEncodedText ZeroThreshold = JsonEncodedText.Encode("zeroThreshold");
    public static readonly JsonEncodedText QuantileValues = JsonEncodedText.Encode("quantileValues");
    public static readonly JsonEncodedText Quantile = JsonEncodedText.Encode("quantile");
}
