using System.Text.Json;
using OpenTelemetry.Proto.Logs.V1;

using static CodexOtel.Otlp.Json.JsonFields;

namespace CodexOtel.Otlp.Json;

internal static partial class OtlpJsonEncoder
{
    private static void WriteResourceLogs(Utf8JsonWriter writer, ResourceLogs resourceLogs)
    {
        writer.WriteStartObject();
        WriteResource(writer, resourceLogs.Resource);
        if (resourceLogs.ScopeLogs.Count > 0)
        {
            writer.WritePropertyName(JsonNames.ScopeLogs);
            writer.WriteStartArray();
            for (var scopeLogsIndex = 0; scopeLogsIndex < resourceLogs.ScopeLogs.Count; scopeLogsIndex++)
            {
                var scopeLogs = resourceLogs.ScopeLogs[scopeLogsIndex];
                writer.WriteStartObject();
                WriteScope(writer, scopeLogs.Scope);
                if (scopeLogs.LogRecords.Count > 0)
                {
                    writer.WritePropertyName(JsonNames.LogRecords);
                    writer.WriteStartArray();
                    for (var logRecordIndex = 0; logRecordIndex < scopeLogs.LogRecords.Count; logRecordIndex++)
                    {
                        var logRecord = scopeLogs.LogRecords[logRecordIndex];
                        WriteLogRecord(writer, logRecord);
                    }

                    writer.WriteEndArray();
                }

                WriteString(writer, JsonNames.SchemaUrl, scopeLogs.SchemaUrl);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteString(writer, JsonNames.SchemaUrl, resourceLogs.SchemaUrl);
        writer.WriteEndObject();
    }

    private static void WriteLogRecord(Utf8JsonWriter writer, LogRecord logRecord)
    {
        writer.WriteStartObject();
        WriteUInt64(writer, JsonNames.TimeUnixNano, logRecord.TimeUnixNano);
        WriteUInt64(writer, JsonNames.ObservedTimeUnixNano, logRecord.ObservedTimeUnixNano);
        WriteInt32(writer, JsonNames.SeverityNumber, (int)logRecord.SeverityNumber);
        WriteString(writer, JsonNames.SeverityText, logRecord.SeverityText);

        // pdata always writes the body, "body":{} when unset.
        writer.WritePropertyName(JsonNames.Body);
        WriteAnyValue(writer, logRecord.Body);
        WriteKeyValues(writer, JsonNames.Attributes, logRecord.Attributes);
        WriteUInt32(writer, JsonNames.DroppedAttributesCount, logRecord.DroppedAttributesCount);
        WriteUInt32(writer, JsonNames.Flags, logRecord.Flags);
        WriteId(writer, JsonNames.TraceId, logRecord.TraceId);
        WriteId(writer, JsonNames.SpanId, logRecord.SpanId);
        WriteString(writer, JsonNames.EventName, logRecord.EventName);
        writer.WriteEndObject();
    }
}
