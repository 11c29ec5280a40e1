using System.Text;
using CodexOtel.Otlp.Json;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Tests.Otlp;

/// <summary>
/// Inputs equivalent to opentelemetry-proto's examples/trace.json, logs.json and metrics.json
/// (uppercase hex ids, 64-bit integers as bare numbers, enums as integers).
/// </summary>
public class OtlpJsonSpecExampleTests
{
    private const string ResourceAndScope = """
        "resource": { "attributes": [ { "key": "service.name", "value": { "stringValue": "my.service" } } ] },
        """;

    private const string Scope = """
        "scope": { "name": "my.library", "version": "1.0.0",
                   "attributes": [ { "key": "my.scope.attribute", "value": { "stringValue": "some scope attribute" } } ] },
        """;

    [Fact]
    public void Decodes_the_spec_trace_example()
    {
        var json = "{ \"resourceSpans\": [ {" + ResourceAndScope + "\"scopeSpans\": [ {" + Scope + """
              "spans": [ {
                "traceId": "5B8EFFF798038103D269B633813FC60C",
                "spanId": "EEE19B7EC3C1B174",
                "parentSpanId": "EEE19B7EC3C1B173",
                "name": "I'm a server span",
                "startTimeUnixNano": 1544712660000000000,
                "endTimeUnixNano": 1544712661000000000,
                "kind": 2,
                "attributes": [ { "key": "my.span.attr", "value": { "stringValue": "some value" } } ]
              } ]
            } ] } ] }
            """;

        var request = OtlpJsonDecoder.DecodeTraces(Encoding.UTF8.GetBytes(json));

        var resourceSpans = Assert.Single(request.ResourceSpans);
        AssertServiceResource(resourceSpans.Resource);
        var scopeSpans = Assert.Single(resourceSpans.ScopeSpans);
        AssertLibraryScope(scopeSpans.Scope);
        var span = Assert.Single(scopeSpans.Spans);
        Assert.Equal(OtlpSamples.TraceId, span.TraceId);
        Assert.Equal(OtlpSamples.SpanId, span.SpanId);
        Assert.Equal(OtlpSamples.ParentSpanId, span.ParentSpanId);
        Assert.Equal("I'm a server span", span.Name);
        Assert.Equal(1544712660000000000UL, span.StartTimeUnixNano);
        Assert.Equal(1544712661000000000UL, span.EndTimeUnixNano);
        Assert.Equal(Span.Types.SpanKind.Server, span.Kind);
        var attribute = Assert.Single(span.Attributes);
        Assert.Equal("my.span.attr", attribute.Key);
        Assert.Equal("some value", attribute.Value.StringValue);
        Assert.Null(span.Status);
        Assert.Empty(span.Events);
        Assert.Empty(span.Links);
    }

    [Fact]
    public void Decodes_the_spec_logs_example()
    {
        var json = "{ \"resourceLogs\": [ {" + ResourceAndScope + "\"scopeLogs\": [ {" + Scope + """
              "logRecords": [ {
                "timeUnixNano": 1544712660300000000,
                "observedTimeUnixNano": 1544712660300000000,
                "severityText": "Information",
                "traceId": "5B8EFFF798038103D269B633813FC60C",
                "spanId": "EEE19B7EC3C1B174",
                "body": { "stringValue": "Example log record" },
                "attributes": [
                  { "key": "string.attribute", "value": { "stringValue": "some string" } },
                  { "key": "boolean.attribute", "value": { "boolValue": true } },
                  { "key": "int.attribute", "value": { "intValue": 10 } },
                  { "key": "double.attribute", "value": { "doubleValue": 637.704 } },
                  { "key": "array.attribute", "value": { "arrayValue": { "values": [
                      { "stringValue": "many" }, { "stringValue": "values" } ] } } },
                  { "key": "map.attribute", "value": { "kvlistValue": { "values": [
                      { "key": "some.map.key", "value": { "stringValue": "some value" } } ] } } }
                ]
              } ]
            } ] } ] }
            """;

        var request = OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(json));

        var resourceLogs = Assert.Single(request.ResourceLogs);
        AssertServiceResource(resourceLogs.Resource);
        var scopeLogs = Assert.Single(resourceLogs.ScopeLogs);
        AssertLibraryScope(scopeLogs.Scope);
        var record = Assert.Single(scopeLogs.LogRecords);
        Assert.Equal(1544712660300000000UL, record.TimeUnixNano);
        Assert.Equal(1544712660300000000UL, record.ObservedTimeUnixNano);
        Assert.Equal("Information", record.SeverityText);
        Assert.Equal(OtlpSamples.TraceId, record.TraceId);
        Assert.Equal(OtlpSamples.SpanId, record.SpanId);
        Assert.Equal("Example log record", record.Body.StringValue);
        Assert.Collection(
            record.Attributes,
            a => Assert.Equal(("string.attribute", "some string"), (a.Key, a.Value.StringValue)),
            a => Assert.Equal(("boolean.attribute", true), (a.Key, a.Value.BoolValue)),
            a => Assert.Equal(("int.attribute", 10L), (a.Key, a.Value.IntValue)),
            a => Assert.Equal(("double.attribute", 637.704), (a.Key, a.Value.DoubleValue)),
            a =>
            {
                Assert.Equal("array.attribute", a.Key);
                Assert.Equal(["many", "values"], a.Value.ArrayValue.Values.Select(v => v.StringValue));
            },
            a =>
            {
                Assert.Equal("map.attribute", a.Key);
                var entry = Assert.Single(a.Value.KvlistValue.Values);
                Assert.Equal(("some.map.key", "some value"), (entry.Key, entry.Value.StringValue));
            });
    }

    [Fact]
    public void Decodes_the_spec_metrics_example()
    {
        var json = "{ \"resourceMetrics\": [ {" + ResourceAndScope + "\"scopeMetrics\": [ {" + Scope + """
              "metrics": [
                { "name": "my.counter", "unit": "1", "description": "I am a Counter",
                  "sum": { "aggregationTemporality": 1, "isMonotonic": true, "dataPoints": [
                    { "asDouble": 5, "startTimeUnixNano": 1544712660300000000, "timeUnixNano": 1544712660300000000,
                      "attributes": [ { "key": "my.counter.attr", "value": { "stringValue": "some value" } } ] } ] } },
                { "name": "my.gauge", "unit": "1", "description": "I am a Gauge",
                  "gauge": { "dataPoints": [
                    { "asDouble": 10, "timeUnixNano": 1544712660300000000,
                      "attributes": [ { "key": "my.gauge.attr", "value": { "stringValue": "some value" } } ] } ] } },
                { "name": "my.histogram", "unit": "1", "description": "I am a Histogram",
                  "histogram": { "aggregationTemporality": 1, "dataPoints": [
                    { "startTimeUnixNano": 1544712660300000000, "timeUnixNano": 1544712660300000000,
                      "count": 3, "sum": 3, "bucketCounts": [1,1,1], "explicitBounds": [1], "min": 1, "max": 1,
                      "attributes": [ { "key": "my.histogram.attr", "value": { "stringValue": "some value" } } ] } ] } }
              ]
            } ] } ] }
            """;

        var request = OtlpJsonDecoder.DecodeMetrics(Encoding.UTF8.GetBytes(json));

        var resourceMetrics = Assert.Single(request.ResourceMetrics);
        AssertServiceResource(resourceMetrics.Resource);
        var scopeMetrics = Assert.Single(resourceMetrics.ScopeMetrics);
        AssertLibraryScope(scopeMetrics.Scope);
        Assert.Equal(3, scopeMetrics.Metrics.Count);

        var counter = scopeMetrics.Metrics[0];
        Assert.Equal(("my.counter", "1", "I am a Counter"), (counter.Name, counter.Unit, counter.Description));
        Assert.Equal(AggregationTemporality.Delta, counter.Sum.AggregationTemporality);
        Assert.True(counter.Sum.IsMonotonic);
        var counterPoint = Assert.Single(counter.Sum.DataPoints);
        Assert.Equal(NumberDataPoint.ValueOneofCase.AsDouble, counterPoint.ValueCase);
        Assert.Equal(5.0, counterPoint.AsDouble);
        Assert.Equal(1544712660300000000UL, counterPoint.StartTimeUnixNano);
        Assert.Equal("my.counter.attr", Assert.Single(counterPoint.Attributes).Key);

        var gauge = scopeMetrics.Metrics[1];
        Assert.Equal(Metric.DataOneofCase.Gauge, gauge.DataCase);
        var gaugePoint = Assert.Single(gauge.Gauge.DataPoints);
        Assert.Equal(10.0, gaugePoint.AsDouble);
        Assert.Equal(0UL, gaugePoint.StartTimeUnixNano);

        var histogram = scopeMetrics.Metrics[2].Histogram;
        Assert.Equal(AggregationTemporality.Delta, histogram.AggregationTemporality);
        var point = Assert.Single(histogram.DataPoints);
        Assert.Equal(3UL, point.Count);
        Assert.True(point.HasSum);
        Assert.Equal(3.0, point.Sum);
        Assert.Equal([1UL, 1UL, 1UL], point.BucketCounts);
        Assert.Equal([1.0], point.ExplicitBounds);
        Assert.Equal((1.0, 1.0), (point.Min, point.Max));
    }

    private static void AssertServiceResource(OpenTelemetry.Proto.Resource.V1.Resource resource)
    {
        var attribute = Assert.Single(resource.Attributes);
        Assert.Equal("service.name", attribute.Key);
        Assert.Equal(AnyValue.ValueOneofCase.StringValue, attribute.Value.ValueCase);
        Assert.Equal("my.service", attribute.Value.StringValue);
    }

    private static void AssertLibraryScope(InstrumentationScope scope)
    {
        Assert.Equal("my.library", scope.Name);
        Assert.Equal("1.0.0", scope.Version);
        var attribute = Assert.Single(scope.Attributes);
        Assert.Equal(("my.scope.attribute", "some scope attribute"), (attribute.Key, attribute.Value.StringValue));
    }
}
