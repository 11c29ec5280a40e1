using System.Text;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;

namespace CodexOtel.Tests.Otlp;

/// <summary>
/// Input shaped like what the Codex CLI's Rust exporter sends: pretty-printed, every default spelled out,
/// "" for absent ids, 64-bit integers sometimes as strings and sometimes as numbers, entityRefs on resources.
/// </summary>
public class OtlpJsonCodexInputTests
{
    private const string CodexLogs = """
        {
          "resourceLogs": [
            {
              "resource": {
                "attributes": [
                  { "key": "service.name", "value": { "stringValue": "codex_cli_rs" } },
                  { "key": "service.version", "value": { "stringValue": "0.50.0" } },
                  { "key": "env", "value": { "stringValue": "dev" } }
                ],
                "droppedAttributesCount": 0,
                "entityRefs": [
                  { "schemaUrl": "", "type": "service", "idKeys": [ "service.name" ], "descriptionKeys": [] }
                ]
              },
              "scopeLogs": [
                {
                  "scope": {
                    "name": "codex_otel",
                    "version": "",
                    "attributes": [],
                    "droppedAttributesCount": 0
                  },
                  "logRecords": [
                    {
                      "timeUnixNano": "1760000000123456789",
                      "observedTimeUnixNano": "1760000000123456999",
                      "severityNumber": 9,
                      "severityText": "INFO",
                      "body": { "stringValue": "codex.sse_event" },
                      "attributes": [
                        { "key": "event.name", "value": { "stringValue": "codex.sse_event" } },
                        { "key": "conversation.id", "value": { "stringValue": "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" } },
                        { "key": "input_token_count", "value": { "intValue": "1234" } },
                        { "key": "output_token_count", "value": { "intValue": 56 } },
                        { "key": "duration_ms", "value": { "doubleValue": "12.5" } },
                        { "key": "success", "value": { "boolValue": true } },
                        { "key": "future", "value": { "stringValue": "x", "futureField": { "a": [1, {"b": null}] } } }
                      ],
                      "droppedAttributesCount": 0,
                      "flags": 0,
                      "traceId": "",
                      "spanId": "",
                      "eventName": "",
                      "someFutureField": [ { "nested": [ 1, 2, 3 ] }, "x", null, true ]
                    }
                  ],
                  "schemaUrl": ""
                }
              ],
              "schemaUrl": null
            }
          ]
        }
        """;

    private const string CodexMetrics = """
        {
          "resourceMetrics": [ {
            "resource": { "attributes": [ { "key": "service.name", "value": { "stringValue": "codex_cli_rs" } } ],
                          "droppedAttributesCount": 0, "entityRefs": [] },
            "scopeMetrics": [ {
              "scope": { "name": "codex_otel", "version": "", "attributes": [], "droppedAttributesCount": 0 },
              "metrics": [
                {
                  "name": "codex.tool.call", "description": "", "unit": "", "metadata": [],
                  "sum": {
                    "dataPoints": [ {
                      "attributes": [ { "key": "tool", "value": { "stringValue": "shell" } } ],
                      "startTimeUnixNano": "1760000000000000000", "timeUnixNano": 1760000060000000000,
                      "exemplars": [], "flags": 0, "asInt": 3
                    } ],
                    "aggregationTemporality": 1, "isMonotonic": true
                  }
                },
                {
                  "name": "codex.api_request.duration", "description": "", "unit": "ms", "metadata": [],
                  "histogram": {
                    "dataPoints": [ {
                      "attributes": [], "startTimeUnixNano": "1760000000000000000", "timeUnixNano": "1760000060000000000",
                      "count": 4, "sum": 812.25, "bucketCounts": [ 0, 1, 3 ], "explicitBounds": [ 100.0, 500.0 ],
                      "exemplars": [], "flags": 0, "min": 90.5, "max": 300
                    } ],
                    "aggregationTemporality": 1
                  }
                }
              ],
              "schemaUrl": ""
            } ],
            "schemaUrl": ""
          } ]
        }
        """;

    [Fact]
    public void Decodes_pretty_printed_codex_logs_with_string_and_number_integers()
    {
        var request = OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(CodexLogs));

        var resourceLogs = Assert.Single(request.ResourceLogs);
        var entity = Assert.Single(resourceLogs.Resource.EntityRefs);
        Assert.Equal("service", entity.Type);
        Assert.Equal(["service.name"], entity.IdKeys);
        var record = Assert.Single(Assert.Single(resourceLogs.ScopeLogs).LogRecords);
        Assert.Equal(1760000000123456789UL, record.TimeUnixNano);
        Assert.Equal(1760000000123456999UL, record.ObservedTimeUnixNano);
        Assert.Equal(SeverityNumber.Info, record.SeverityNumber);
        Assert.Equal("codex.sse_event", record.Body.StringValue);
        Assert.Equal(1234L, record.Attributes[2].Value.IntValue);
        Assert.Equal(56L, record.Attributes[3].Value.IntValue);
        Assert.Equal(12.5, record.Attributes[4].Value.DoubleValue);
        Assert.Equal("x", record.Attributes[6].Value.StringValue);
    }

    [Fact]
    public void Empty_hex_ids_decode_as_absent_ids()
    {
        var record = OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(CodexLogs))
            .ResourceLogs[0].ScopeLogs[0].LogRecords[0];

        Assert.Equal(ByteString.Empty, record.TraceId);
        Assert.Equal(ByteString.Empty, record.SpanId);
    }

    [Fact]
    public void Unknown_fields_of_any_shape_are_ignored()
    {
        var withUnknown = OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(CodexLogs));
        var withoutUnknown = OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(CodexLogs
            .Replace("\"someFutureField\": [ { \"nested\": [ 1, 2, 3 ] }, \"x\", null, true ]", "\"flags\": 0", StringComparison.Ordinal)
            .Replace(", \"futureField\": { \"a\": [1, {\"b\": null}] }", string.Empty, StringComparison.Ordinal)));

        Assert.Equal(withoutUnknown, withUnknown);
    }

    [Fact]
    public void Codex_logs_reencode_as_compact_collector_json()
    {
        var request = OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(CodexLogs));

        var json = OtlpSamples.ToJson(request);

        Assert.StartsWith(
            "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"codex_cli_rs\"}},",
            json,
            StringComparison.Ordinal);
        Assert.Contains(
            "\"entityRefs\":[{\"type\":\"service\",\"idKeys\":[\"service.name\"]}]},\"scopeLogs\":[{\"scope\":{\"name\":\"codex_otel\"},\"logRecords\":[{\"timeUnixNano\":\"1760000000123456789\"",
            json,
            StringComparison.Ordinal);
        Assert.Contains("{\"key\":\"output_token_count\",\"value\":{\"intValue\":\"56\"}}", json, StringComparison.Ordinal);
        Assert.DoesNotContain("traceId", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", json, StringComparison.Ordinal);
        Assert.DoesNotContain(": ", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Decodes_codex_metrics_with_numbers_for_counts_and_buckets()
    {
        var request = OtlpJsonDecoder.DecodeMetrics(Encoding.UTF8.GetBytes(CodexMetrics));

        var metrics = Assert.Single(Assert.Single(request.ResourceMetrics).ScopeMetrics).Metrics;
        var sum = metrics[0].Sum;
        Assert.Equal(AggregationTemporality.Delta, sum.AggregationTemporality);
        var point = Assert.Single(sum.DataPoints);
        Assert.Equal(3L, point.AsInt);
        Assert.Equal(1760000060000000000UL, point.TimeUnixNano);
        var histogramPoint = Assert.Single(metrics[1].Histogram.DataPoints);
        Assert.Equal(4UL, histogramPoint.Count);
        Assert.Equal([0UL, 1UL, 3UL], histogramPoint.BucketCounts);
        Assert.Equal([100.0, 500.0], histogramPoint.ExplicitBounds);
        Assert.Equal((812.25, 90.5, 300.0), (histogramPoint.Sum, histogramPoint.Min, histogramPoint.Max));
    }

    [Fact]
    public void Codex_input_is_detected_as_its_signal()
    {
        Assert.Equal(Signal.Logs, OtlpJsonDecoder.DetectSignal(Encoding.UTF8.GetBytes(CodexLogs)));
        Assert.Equal(Signal.Metrics, OtlpJsonDecoder.DetectSignal(Encoding.UTF8.GetBytes(CodexMetrics)));
    }
}
