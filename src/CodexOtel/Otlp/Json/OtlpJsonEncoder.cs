using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Otlp.Json;

// Why the output looks the way it does: ledger lines must be byte-for-byte what the collector's file exporter
// (exporter/fileexporter, format json) writes, i.e. pdata's JSONMarshaler. Read in open-telemetry/opentelemetry-collector:
//   pdata/internal/generated_proto_*.go   (MarshalJSON per message: span, logrecord, resource, keyvalue, anyvalue, ...)
//   pdata/internal/json/stream.go         (WriteInt64/WriteUint64 as decimal strings, WriteFloat64, WriteBytes)
//   pdata/internal/traceid.go, spanid.go  (ids as lowercase hex; IsEmpty = all bytes zero)
//   json-iterator stream_str.go/stream_float.go (string escaping, float layout)
// What it does, and so what this encoder does:
// - Compact, lowerCamelCase, fields in pdatagen's order: the .proto declaration order (not field numbers: span
//   flags follow parentSpanId), except that an exemplar writes traceId before spanId.
// - Scalars at their default (0, "", false, empty list) are omitted; so is an all-zero or empty trace/span id.
// - Message-typed fields are always written, even when unset: resource, scope, span status ("status":{}),
//   log body ("body":{}), key-value value ("value":{}), exponential-histogram positive/negative.
// - KeyValue omits an empty key; AnyValue writes whichever oneof is set, even if its value is "" / 0 / false,
//   and {} when none is set. Oneof scalars (asDouble/asInt) are written whenever set.
// - 64-bit integers (times, intValue, asInt, count, zeroCount, bucketCounts) are quoted decimal strings;
//   32-bit integers, flags and enums are bare numbers; optional doubles (sum/min/max) are written when present,
//   plain doubles when != 0 (NaN counts as non-zero).
// - Doubles: Go's shortest 'f' layout, 'e' below 1e-6 or from 1e21; NaN/±Inf as "NaN"/"Infinity"/"-Infinity".
// - bytesValue is standard padded base64. Strings escape only '"', '\\' and control characters.

/// <summary>
/// Writes OTLP export requests as OTLP-JSON exactly as the OpenTelemetry Collector's file exporter does.
/// One call writes one JSON object (one ledger line without its newline).
/// </summary>
internal static partial class OtlpJsonEncoder
{
    public static void Write(Utf8JsonWriter writer, ExportLogsServiceRequest request)
    {
        writer.WriteStartObject();
        if (request.ResourceLogs.Count > 0)
        {
            writer.WritePropertyName(JsonNames.ResourceLogs);
            writer.WriteStartArray();
            for (var resourceLogsIndex = 0; resourceLogsIndex < request.ResourceLogs.Count; resourceLogsIndex++)
            {
                var resourceLogs = request.ResourceLogs[resourceLogsIndex];
                WriteResourceLogs(writer, resourceLogs);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, ExportTraceServiceRequest request)
    {
        writer.WriteStartObject();
        if (request.ResourceSpans.Count > 0)
        {
            writer.WritePropertyName(JsonNames.ResourceSpans);
            writer.WriteStartArray();
            for (var resourceSpansIndex = 0; resourceSpansIndex < request.ResourceSpans.Count; resourceSpansIndex++)
            {
                var resourceSpans = request.ResourceSpans[resourceSpansIndex];
                WriteResourceSpans(writer, resourceSpans);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, ExportMetricsServiceRequest request)
    {
        writer.WriteStartObject();
        if (request.ResourceMetrics.Count > 0)
        {
            writer.WritePropertyName(JsonNames.ResourceMetrics);
            writer.WriteStartArray();
            for (var resourceMetricsIndex = 0; resourceMetricsIndex < request.ResourceMetrics.Count; resourceMetricsIndex++)
            {
                var resourceMetrics = request.ResourceMetrics[resourceMetricsIndex];
                WriteResourceMetrics(writer, resourceMetrics);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a request of the given signal; the message must be that signal's export request.</summary>
    public static void Write(Utf8JsonWriter writer, Signal signal, IMessage request)
    {
        switch (signal, request)
        {
            case (Signal.Logs, ExportLogsServiceRequest logs):
                Write(writer, logs);
                break;
            case (Signal.Traces, ExportTraceServiceRequest traces):
                Write(writer, traces);
                break;
            case (Signal.Metrics, ExportMetricsServiceRequest metrics):
                Write(writer, metrics);
                break;
            default:
                throw new ArgumentException(
                    $"A {request.Descriptor.Name} is not a {signal} export request.", nameof(request));
        }
    }
}
