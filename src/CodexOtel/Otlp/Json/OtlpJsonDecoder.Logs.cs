using System.Text.Json;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace CodexOtel.Otlp.Json;

internal static partial class OtlpJsonDecoder
{
    private static ExportLogsServiceRequest ReadLogsRequest(ref Utf8JsonReader reader)
    {
        var request = new ExportLogsServiceRequest();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "resourceLogs"u8, "resource_logs"u8))
            {
                ReadMessages(ref reader, request.ResourceLogs, ReadResourceLogs);
            }
            else
            {
                reader.Skip();
            }
        }

        return request;
    }

    private static ResourceLogs ReadResourceLogs(ref Utf8JsonReader reader)
    {
        var resourceLogs = new ResourceLogs();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "resource"u8))
            {
                resourceLogs.Resource = ReadMessage(ref reader, ReadResource);
            }
            else if (Is(name, "scopeLogs"u8, "scope_logs"u8))
            {
                ReadMessages(ref reader, resourceLogs.ScopeLogs, ReadScopeLogs);
            }
            else if (Is(name, "schemaUrl"u8, "schema_url"u8))
            {
                resourceLogs.SchemaUrl = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return resourceLogs;
    }

    private static ScopeLogs ReadScopeLogs(ref Utf8JsonReader reader)
    {
        var scopeLogs = new ScopeLogs();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "logRecords"u8, "log_records"u8))
            {
                ReadMessages(ref reader, scopeLogs.LogRecords, ReadLogRecord);
            }
            else if (Is(name, "scope"u8))
            {
                scopeLogs.Scope = ReadMessage(ref reader, ReadScope);
            }
            else if (Is(name, "schemaUrl"u8, "schema_url"u8))
            {
                scopeLogs.SchemaUrl = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return scopeLogs;
    }

    private static LogRecord ReadLogRecord(ref Utf8JsonReader reader)
    {
        var logRecord = new LogRecord();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "attributes"u8))
            {
                ReadKeyValues(ref reader, logRecord.Attributes, depth: 0);
            }
            else if (Is(name, "body"u8))
            {
                ExpectObject(ref reader);
                logRecord.Body = ReadAnyValue(ref reader, depth: 1);
            }
            else if (Is(name, "timeUnixNano"u8, "time_unix_nano"u8))
            {
                logRecord.TimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "observedTimeUnixNano"u8, "observed_time_unix_nano"u8))
            {
                logRecord.ObservedTimeUnixNano = ReadUInt64(ref reader);
            }
            else if (Is(name, "severityNumber"u8, "severity_number"u8))
            {
                logRecord.SeverityNumber = (SeverityNumber)ReadEnum(ref reader, OtlpEnumNames.SeverityNumber);
            }
            else if (Is(name, "severityText"u8, "severity_text"u8))
            {
                logRecord.SeverityText = ReadString(ref reader);
            }
            else if (Is(name, "eventName"u8, "event_name"u8))
            {
                logRecord.EventName = ReadString(ref reader);
            }
            else if (Is(name, "traceId"u8, "trace_id"u8))
            {
                logRecord.TraceId = ReadId(ref reader, HexId.TraceIdBytes);
            }
            else if (Is(name, "spanId"u8, "span_id"u8))
            {
                logRecord.SpanId = ReadId(ref reader, HexId.SpanIdBytes);
            }
            else if (Is(name, "flags"u8))
            {
                logRecord.Flags = ReadUInt32(ref reader);
            }
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                logRecord.DroppedAttributesCount = ReadUInt32(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return logRecord;
    }
}
