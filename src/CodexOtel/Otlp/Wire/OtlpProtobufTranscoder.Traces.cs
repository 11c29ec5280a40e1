using System.Text.Json;
using CodexOtel.Otlp.Json;
using static CodexOtel.Otlp.Json.JsonFields;
using static CodexOtel.Otlp.Wire.WireReader;

namespace CodexOtel.Otlp.Wire;

internal static partial class OtlpProtobufTranscoder
{
    private static void WriteResourceSpans(Utf8JsonWriter writer, ReadOnlySpan<byte> resourceSpans, ResourceStamp? stamp, ref Progress progress)
    {
        if (progress.Spans is { } spans)
        {
            // ResourceSpans.resource (1), before its spans; given twice, WriteContainer refuses the request.
            spans.Resource(new WireReader(resourceSpans).TryReadNext(Tag(1, Len), out var resource) ? resource : default);
        }

        WriteContainer(writer, resourceSpans, JsonNames.ScopeSpans, ref progress, stamp, WriteResource, WriteScopeSpans);
    }

    private static void WriteScopeSpans(Utf8JsonWriter writer, ReadOnlySpan<byte> scopeSpans, ref Progress progress) =>
        WriteContainer(writer, scopeSpans, JsonNames.Spans, ref progress, 0, static (w, scope, _) => WriteScope(w, scope), WriteSpan);

    // trace.proto Span, written in declaration order (flags, field 16, after parent_span_id).
    private static void WriteSpan(Utf8JsonWriter writer, ReadOnlySpan<byte> span, ref Progress progress)
    {
        var reader = new WireReader(span);
        ReadOnlySpan<byte> traceId = default, spanId = default, traceState = default, parentSpanId = default, name = default, status = default;
        uint flags = 0, droppedAttributes = 0, droppedEvents = 0, droppedLinks = 0;
        var kind = 0;
        ulong start = 0, end = 0;
        int attributesAt = -1, eventsAt = -1, linksAt = -1;
        var hasStatus = false;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1 << 3) | Len:
                    traceId = reader.ReadBytes();
                    break;
                case (2 << 3) | Len:
                    spanId = reader.ReadBytes();
                    break;
                case (3 << 3) | Len:
                    traceState = reader.ReadBytes();
                    break;
                case (4 << 3) | Len:
                    parentSpanId = reader.ReadBytes();
                    break;
                case (5 << 3) | Len:
                    name = reader.ReadBytes();
                    break;
                case (6 << 3) | Varint:
                    kind = (int)reader.ReadVarint();
                    break;
                case (7 << 3) | Fixed64:
                    start = reader.ReadFixed64();
                    break;
                case (8 << 3) | Fixed64:
                    end = reader.ReadFixed64();
                    break;
                case (9 << 3) | Len:
                    attributesAt = FirstAt(attributesAt, ref reader);
                    break;
                case (10 << 3) | Varint:
                    droppedAttributes = (uint)reader.ReadVarint();
                    break;
                case (11 << 3) | Len:
                    eventsAt = FirstAt(eventsAt, ref reader);
                    break;
                case (12 << 3) | Varint:
                    droppedEvents = (uint)reader.ReadVarint();
                    break;
                case (13 << 3) | Len:
                    linksAt = FirstAt(linksAt, ref reader);
                    break;
                case (14 << 3) | Varint:
                    droppedLinks = (uint)reader.ReadVarint();
                    break;
                case (15 << 3) | Len:
                    status = Once(ref hasStatus, reader.ReadBytes());
                    break;
                case (16 << 3) | Fixed32:
                    flags = reader.ReadFixed32();
                    break;
                default:
                    reader.Skip(tag);
                    break;
            }
        }

        writer.WriteStartObject();
        WriteId(writer, JsonNames.TraceId, traceId, HexId.TraceIdBytes);
        WriteId(writer, JsonNames.SpanId, spanId, HexId.SpanIdBytes);
        WriteString(writer, JsonNames.TraceState, traceState);
        WriteId(writer, JsonNames.ParentSpanId, parentSpanId, HexId.SpanIdBytes);
        WriteUInt32(writer, JsonNames.Flags, flags);
        WriteString(writer, JsonNames.Name, name);
        WriteInt32(writer, JsonNames.Kind, kind);
        WriteUInt64(writer, JsonNames.StartTimeUnixNano, start);
        WriteUInt64(writer, JsonNames.EndTimeUnixNano, end);
        WriteKeyValues(writer, JsonNames.Attributes, span, attributesAt, Tag(9, Len));
        WriteUInt32(writer, JsonNames.DroppedAttributesCount, droppedAttributes);
        WriteRepeated(writer, JsonNames.Events, span, eventsAt, Tag(11, Len), 0, static (w, spanEvent, _) => WriteSpanEvent(w, spanEvent));
        WriteUInt32(writer, JsonNames.DroppedEventsCount, droppedEvents);
        WriteRepeated(writer, JsonNames.Links, span, linksAt, Tag(13, Len), 0, static (w, link, _) => WriteSpanLink(w, link));
        WriteUInt32(writer, JsonNames.DroppedLinksCount, droppedLinks);
        WriteStatus(writer, status);
        writer.WriteEndObject();
        progress.Records++;
        progress.Spans?.Span(name, kind, start, end, status);
    }

    // trace.proto Span.Event: time_unix_nano 1, name 2, attributes 3, dropped_attributes_count 4.
    private static void WriteSpanEvent(Utf8JsonWriter writer, ReadOnlySpan<byte> spanEvent)
    {
        var reader = new WireReader(spanEvent);
        ulong time = 0;
        ReadOnlySpan<byte> name = default;
        var attributesAt = -1;
        uint dropped = 0;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1 << 3) | Fixed64:
                    time = reader.ReadFixed64();
                    break;
                case (2 << 3) | Len:
                    name = reader.ReadBytes();
                    break;
                case (3 << 3) | Len:
                    attributesAt = FirstAt(attributesAt, ref reader);
                    break;
                case (4 << 3) | Varint:
                    dropped = (uint)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(tag);
                    break;
            }
        }

        writer.WriteStartObject();
        WriteUInt64(writer, JsonNames.TimeUnixNano, time);
        WriteString(writer, JsonNames.Name, name);
        WriteKeyValues(writer, JsonNames.Attributes, spanEvent, attributesAt, Tag(3, Len));
        WriteUInt32(writer, JsonNames.DroppedAttributesCount, dropped);
        writer.WriteEndObject();
    }

    // trace.proto Span.Link: trace_id 1, span_id 2, trace_state 3, attributes 4, dropped_attributes_count 5, flags 6.
    private static void WriteSpanLink(Utf8JsonWriter writer, ReadOnlySpan<byte> link)
    {
        var reader = new WireReader(link);
        ReadOnlySpan<byte> traceId = default, spanId = default, traceState = default;
        var attributesAt = -1;
        uint dropped = 0, flags = 0;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1 << 3) | Len:
                    traceId = reader.ReadBytes();
                    break;
                case (2 << 3) | Len:
                    spanId = reader.ReadBytes();
                    break;
                case (3 << 3) | Len:
                    traceState = reader.ReadBytes();
                    break;
                case (4 << 3) | Len:
                    attributesAt = FirstAt(attributesAt, ref reader);
                    break;
                case (5 << 3) | Varint:
                    dropped = (uint)reader.ReadVarint();
                    break;
                case (6 << 3) | Fixed32:
                    flags = reader.ReadFixed32();
                    break;
                default:
                    reader.Skip(tag);
                    break;
            }
        }

        writer.WriteStartObject();
        WriteId(writer, JsonNames.TraceId, traceId, HexId.TraceIdBytes);
        WriteId(writer, JsonNames.SpanId, spanId, HexId.SpanIdBytes);
        WriteString(writer, JsonNames.TraceState, traceState);
        WriteKeyValues(writer, JsonNames.Attributes, link, attributesAt, Tag(4, Len));
        WriteUInt32(writer, JsonNames.DroppedAttributesCount, dropped);
        WriteUInt32(writer, JsonNames.Flags, flags);
        writer.WriteEndObject();
    }

    // trace.proto Status: message 2, code 3; always written, "status":{} when absent.
    private static void WriteStatus(Utf8JsonWriter writer, ReadOnlySpan<byte> status)
    {
        var reader = new WireReader(status);
        ReadOnlySpan<byte> message = default;
        var code = 0;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (2 << 3) | Len:
                    message = reader.ReadBytes();
                    break;
                case (3 << 3) | Varint:
                    code = (int)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(tag);
                    break;
            }
        }

        writer.WritePropertyName(JsonNames.Status);
        writer.WriteStartObject();
        WriteString(writer, JsonNames.Message, message);
        WriteInt32(writer, JsonNames.Code, code);
        writer.WriteEndObject();
    }
}
