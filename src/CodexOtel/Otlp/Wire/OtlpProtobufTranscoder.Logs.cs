using System.Text.Json;
using CodexOtel.Otlp.Json;
using static CodexOtel.Otlp.Json.JsonFields;
using static CodexOtel.Otlp.Wire.WireReader;

namespace CodexOtel.Otlp.Wire;

internal static partial class OtlpProtobufTranscoder
{
    private static void WriteResourceLogs(Utf8JsonWriter writer, ReadOnlySpan<byte> resourceLogs, ResourceStamp? stamp, ref Progress progress) =>
        WriteContainer(writer, resourceLogs, JsonNames.ScopeLogs, ref progress, stamp, WriteResource, WriteScopeLogs);

    private static void WriteScopeLogs(Utf8JsonWriter writer, ReadOnlySpan<byte> scopeLogs, ref Progress progress) =>
        WriteContainer(writer, scopeLogs, JsonNames.LogRecords, ref progress, 0, static (w, scope, _) => WriteScope(w, scope), WriteLogRecord);

    // logs.proto LogRecord, written in declaration order (observed_time_unix_nano, field 11, second).
    private static void WriteLogRecord(Utf8JsonWriter writer, ReadOnlySpan<byte> logRecord, ref Progress progress)
    {
        var reader = new WireReader(logRecord);
        ulong time = 0, observedTime = 0;
        var severity = 0;
        ReadOnlySpan<byte> severityText = default, body = default, traceId = default, spanId = default, eventName = default;
        var attributesAt = -1;
        uint dropped = 0, flags = 0;
        var hasBody = false;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1 << 3) | Fixed64:
                    time = reader.ReadFixed64();
                    break;
                case (2 << 3) | Varint:
                    severity = (int)reader.ReadVarint();
                    break;
                case (3 << 3) | Len:
                    severityText = reader.ReadBytes();
                    break;
                case (5 << 3) | Len:
                    body = Once(ref hasBody, reader.ReadBytes());
                    break;
                case (6 << 3) | Len:
                    attributesAt = FirstAt(attributesAt, ref reader);
                    break;
                case (7 << 3) | Varint:
                    dropped = (uint)reader.ReadVarint();
                    break;
                case (8 << 3) | Fixed32:
                    flags = reader.ReadFixed32();
                    break;
                case (9 << 3) | Len:
                    traceId = reader.ReadBytes();
                    break;
                case (10 << 3) | Len:
                    spanId = reader.ReadBytes();
                    break;
                case (11 << 3) | Fixed64:
                    observedTime = reader.ReadFixed64();
                    break;
                case (12 << 3) | Len:
                    eventName = reader.ReadBytes();
                    break;
                default:
                    reader.Skip(tag);
                    break;
            }
        }

        writer.WriteStartObject();
        WriteUInt64(writer, JsonNames.TimeUnixNano, time);
        WriteUInt64(writer, JsonNames.ObservedTimeUnixNano, observedTime);
        WriteInt32(writer, JsonNames.SeverityNumber, severity);
        WriteString(writer, JsonNames.SeverityText, severityText);
        writer.WritePropertyName(JsonNames.Body);
        WriteAnyValue(writer, body, depth: 0);
        WriteKeyValues(writer, JsonNames.Attributes, logRecord, attributesAt, Tag(6, Len));
        WriteUInt32(writer, JsonNames.DroppedAttributesCount, dropped);
        WriteUInt32(writer, JsonNames.Flags, flags);
        WriteId(writer, JsonNames.TraceId, traceId, HexId.TraceIdBytes);
        WriteId(writer, JsonNames.SpanId, spanId, HexId.SpanIdBytes);
        WriteString(writer, JsonNames.EventName, eventName);
        writer.WriteEndObject();
        progress.Records++;
    }
}
