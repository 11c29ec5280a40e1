using System.Text.Json;
using OpenTelemetry.Proto.Trace.V1;

using static CodexOtel.Otlp.Json.JsonFields;

namespace CodexOtel.Otlp.Json;

internal static partial class OtlpJsonEncoder
{
    private static void WriteResourceSpans(Utf8JsonWriter writer, ResourceSpans resourceSpans)
    {
        writer.WriteStartObject();
        WriteResource(writer, resourceSpans.Resource);
        if (resourceSpans.ScopeSpans.Count > 0)
        {
            writer.WritePropertyName(JsonNames.ScopeSpans);
            writer.WriteStartArray();
            for (var scopeSpansIndex = 0; scopeSpansIndex < resourceSpans.ScopeSpans.Count; scopeSpansIndex++)
            {
                var scopeSpans = resourceSpans.ScopeSpans[scopeSpansIndex];
                writer.WriteStartObject();
                WriteScope(writer, scopeSpans.Scope);
                if (scopeSpans.Spans.Count > 0)
                {
                    writer.WritePropertyName(JsonNames.Spans);
                    writer.WriteStartArray();
                    for (var spanIndex = 0; spanIndex < scopeSpans.Spans.Count; spanIndex++)
                    {
                        var span = scopeSpans.Spans[spanIndex];
                        WriteSpan(writer, span);
                    }

                    writer.WriteEndArray();
                }

                WriteString(writer, JsonNames.SchemaUrl, scopeSpans.SchemaUrl);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteString(writer, JsonNames.SchemaUrl, resourceSpans.SchemaUrl);
        writer.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter writer, Span span)
    {
        writer.WriteStartObject();
        WriteId(writer, JsonNames.TraceId, span.TraceId);
        WriteId(writer, JsonNames.SpanId, span.SpanId);
        WriteString(writer, JsonNames.TraceState, span.TraceState);
        WriteId(writer, JsonNames.ParentSpanId, span.ParentSpanId);
        WriteUInt32(writer, JsonNames.Flags, span.Flags);
        WriteString(writer, JsonNames.Name, span.Name);
        WriteInt32(writer, JsonNames.Kind, (int)span.Kind);
        WriteUInt64(writer, JsonNames.StartTimeUnixNano, span.StartTimeUnixNano);
        WriteUInt64(writer, JsonNames.EndTimeUnixNano, span.EndTimeUnixNano);
        WriteKeyValues(writer, JsonNames.Attributes, span.Attributes);
        WriteUInt32(writer, JsonNames.DroppedAttributesCount, span.DroppedAttributesCount);
        if (span.Events.Count > 0)
        {
            writer.WritePropertyName(JsonNames.Events);
            writer.WriteStartArray();
            for (var spanEventIndex = 0; spanEventIndex < span.Events.Count; spanEventIndex++)
            {
                var spanEvent = span.Events[spanEventIndex];
                writer.WriteStartObject();
                WriteUInt64(writer, JsonNames.TimeUnixNano, spanEvent.TimeUnixNano);
                WriteString(writer, JsonNames.Name, spanEvent.Name);
                WriteKeyValues(writer, JsonNames.Attributes, spanEvent.Attributes);
                WriteUInt32(writer, JsonNames.DroppedAttributesCount, spanEvent.DroppedAttributesCount);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteUInt32(writer, JsonNames.DroppedEventsCount, span.DroppedEventsCount);
        if (span.Links.Count > 0)
        {
            writer.WritePropertyName(JsonNames.Links);
            writer.WriteStartArray();
            for (var linkIndex = 0; linkIndex < span.Links.Count; linkIndex++)
            {
                var link = span.Links[linkIndex];
                writer.WriteStartObject();
                WriteId(writer, JsonNames.TraceId, link.TraceId);
                WriteId(writer, JsonNames.SpanId, link.SpanId);
                WriteString(writer, JsonNames.TraceState, link.TraceState);
                WriteKeyValues(writer, JsonNames.Attributes, link.Attributes);
                WriteUInt32(writer, JsonNames.DroppedAttributesCount, link.DroppedAttributesCount);
                WriteUInt32(writer, JsonNames.Flags, link.Flags);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteUInt32(writer, JsonNames.DroppedLinksCount, span.DroppedLinksCount);

        // pdata always writes the status, "status":{} when unset.
        writer.WritePropertyName(JsonNames.Status);
        writer.WriteStartObject();
        if (span.Status is { } status)
        {
            WriteString(writer, JsonNames.Message, status.Message);
            WriteInt32(writer, JsonNames.Code, (int)status.Code);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
