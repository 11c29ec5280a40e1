using System.Text.Json;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Otlp.Json;

internal static partial class OtlpJsonDecoder
{
    private static ExportTraceServiceRequest ReadTracesRequest(ref Utf8JsonReader reader)
    {
        var request = new ExportTraceServiceRequest();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "resourceSpans"u8, "resource_spans"u8))
            {
                ReadMessages(ref reader, request.ResourceSpans, ReadResourceSpans);
            }
            else
            {
                reader.Skip();
            }
        }

        return request;
    }

    private static ResourceSpans ReadResourceSpans(ref Utf8JsonReader reader)
    {
        var resourceSpans = new ResourceSpans();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "resource"u8))
            {
                resourceSpans.Resource = ReadMessage(ref reader, ReadResource);
            }
            else if (Is(name, "scopeSpans"u8, "scope_spans"u8))
            {
                ReadMessages(ref reader, resourceSpans.ScopeSpans, ReadScopeSpans);
            }
            else if (Is(name, "schemaUrl"u8, "schema_url"u8))
            {
                resourceSpans.SchemaUrl = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return resourceSpans;
    }

    private static ScopeSpans ReadScopeSpans(ref Utf8JsonReader reader)
    {
        var scopeSpans = new ScopeSpans();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "spans"u8))
            {
                ReadMessages(ref reader, scopeSpans.Spans, ReadSpan);
            }
            else if (Is(name, "scope"u8))
            {
                scopeSpans.Scope = ReadMessage(ref reader, ReadScope);
            }
            else if (Is(name, "schemaUrl"u8, "schema_url"u8))
            {
                scopeSpans.SchemaUrl = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return scopeSpans;
    }

    private static Span ReadSpan(ref Utf8JsonReader reader)
    {
        var span = new Span();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "attributes"u8))
            {
                ReadKeyValues(ref reader, span.Attributes, depth: 0);
            }
            else if (Is(name, "traceId"u8, "trace_id"u8))
            {
                span.TraceId = ReadId(ref reader, HexId.TraceIdBytes);
            }
            else if (Is(name, "spanId"u8, "span_id"u8))
            {
                span.SpanId = ReadId(ref reader, HexId.SpanIdBytes);
            }
            else if (Is(name, "parentSpanId"u8, "parent_span_id"u8))
            {
                span.ParentSpanId = ReadId(ref reader, HexId.SpanIdBytes);
            }
            else if (Is(name, "name"u8))
            {
                span.Name = ReadString(ref reader);
            }
            else if (Is(name, "kind"u8))
            {
                span.Kind = (Span.Types.SpanKind)ReadEnum(ref reader, OtlpEnumNames.SpanKind);
            }
            else if (Is(name, "startTimeUnixNano"u8, "start_time_unix_nano"u8))
            {
                span.StartTimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "endTimeUnixNano"u8, "end_time_unix_nano"u8))
            {
                span.EndTimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "status"u8))
            {
                span.Status = ReadMessage(ref reader, ReadStatus);
            }
            else if (Is(name, "flags"u8))
            {
                span.Flags = ReadUInt32(ref reader);
            }
            else if (Is(name, "traceState"u8, "trace_state"u8))
            {
                span.TraceState = ReadString(ref reader);
            }
            else if (Is(name, "events"u8))
            {
                ReadMessages(ref reader, span.Events, ReadSpanEvent);
            }
            else if (Is(name, "links"u8))
            {
                ReadMessages(ref reader, span.Links, ReadSpanLink);
            }
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                span.DroppedAttributesCount = ReadUInt32(ref reader);
            }
            else if (Is(name, "droppedEventsCount"u8, "dropped_events_count"u8))
            {
                span.DroppedEventsCount = ReadUInt32(ref reader);
            }
            else if (Is(name, "droppedLinksCount"u8, "dropped_links_count"u8))
            {
                span.DroppedLinksCount = ReadUInt32(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return span;
    }

    private static Status ReadStatus(ref Utf8JsonReader reader)
    {
        var status = new Status();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "code"u8))
            {
                status.Code = (Status.Types.StatusCode)ReadEnum(ref reader, OtlpEnumNames.StatusCode);
            }
            else if (Is(name, "message"u8))
            {
                status.Message = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return status;
    }

    private static Span.Types.Event ReadSpanEvent(ref Utf8JsonReader reader)
    {
        var spanEvent = new Span.Types.Event();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "timeUnixNano"u8, "time_unix_nano"u8))
            {
                spanEvent.TimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "name"u8))
            {
                spanEvent.Name = ReadString(ref reader);
            }
            else if (Is(name, "attributes"u8))
            {
                ReadKeyValues(ref reader, spanEvent.Attributes, depth: 0);
            }
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                spanEvent.DroppedAttributesCount = ReadUInt32(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return spanEvent;
    }

    private static Span.Types.Link ReadSpanLink(ref Utf8JsonReader reader)
    {
        var link = new Span.Types.Link();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "traceId"u8, "trace_id"u8))
            {
                link.TraceId = ReadId(ref reader, HexId.TraceIdBytes);
            }
            else if (Is(name, "spanId"u8, "span_id"u8))
            {
                link.SpanId = ReadId(ref reader, HexId.SpanIdBytes);
            }
            else if (Is(name, "traceState"u8, "trace_state"u8))
            {
                link.TraceState = ReadString(ref reader);
            }
            else if (Is(name, "attributes"u8))
            {
                ReadKeyValues(ref reader, link.Attributes, depth: 0);
            }
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                link.DroppedAttributesCount = ReadUInt32(ref reader);
            }
            else if (Is(name, "flags"u8))
            {
                link.Flags = ReadUInt32(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return link;
    }
}
