using System.Globalization;
using CodexOtel.Codex;
using CodexOtel.Serve;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Importing;

/// <summary>
/// Turns the events the rollout reader made of a Codex session file into OTLP log records, so that they enter the
/// ledger like any received data: <c>event.name</c>, the event's attributes (conversation.id, model, prompt, tool_name,
/// call_id, arguments, output, token counts …, exactly what the normaliser reads), its time, and two attributes that
/// make the normaliser give back the very same event: <see cref="CodexNormaliser.ImportSourceAttribute"/> = "rollout"
/// and <see cref="CodexNormaliser.ImportKeyAttribute"/> = its key. The resource is the session's (service.name =
/// originator, service.version); the scope says the records were imported.
/// </summary>
internal static class RolloutRecords
{
    public const string ScopeName = "codex_otel.import.rollout";

    /// <summary>About this many bytes of records per export request (a long session's tool output adds up).</summary>
    public const int MaxRequestBytes = 4 << 20;

    private const string InfoSeverity = "INFO";

    /// <summary>The events as export requests of at most about <see cref="MaxRequestBytes"/> each, in the given order.</summary>
    public static IEnumerable<ExportLogsServiceRequest> ToRequests(IEnumerable<CodexEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var request = new ExportLogsServiceRequest();
        ScopeLogs? scope = null;
        IReadOnlyDictionary<string, object?>? resource = null;
        var bytes = 0;
        foreach (var e in events)
        {
            if (bytes >= MaxRequestBytes)
            {
                yield return request;
                (request, scope, resource, bytes) = (new ExportLogsServiceRequest(), null, null, 0);
            }

            if (scope is null || !ReferenceEquals(resource, e.Resource))
            {
                resource = e.Resource;
                scope = new ScopeLogs { Scope = new InstrumentationScope { Name = ScopeName, Version = RecorderVersion.Current } };
                var resourceLogs = new ResourceLogs { Resource = ToResource(e.Resource) };
                resourceLogs.ScopeLogs.Add(scope);
                request.ResourceLogs.Add(resourceLogs);
            }

            var record = ToRecord(e);
            scope.LogRecords.Add(record);
            bytes += record.CalculateSize();
        }

        if (bytes > 0)
        {
            yield return request;
        }
    }

    /// <summary>One event as the log record Codex would have sent, plus the import's source and key.</summary>
    public static LogRecord ToRecord(CodexEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var nanos = (ulong)(e.Time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100UL;
        var record = new LogRecord
        {
            TimeUnixNano = nanos,
            ObservedTimeUnixNano = nanos,
            SeverityNumber = SeverityNumber.Info,
            SeverityText = InfoSeverity,
        };
        record.Attributes.Add(Attribute(CodexNames.Keys.EventName, e.Name));
        if (!e.Attributes.ContainsKey(CodexNames.Keys.ConversationId))
        {
            record.Attributes.Add(Attribute(CodexNames.Keys.ConversationId, e.ConversationId));
        }

        foreach (var (key, value) in e.Attributes)
        {
            if (ToValue(value) is { } any)
            {
                record.Attributes.Add(new KeyValue { Key = key, Value = any });
            }
        }

        record.Attributes.Add(Attribute(CodexNormaliser.ImportSourceAttribute, e.Source));
        record.Attributes.Add(Attribute(CodexNormaliser.ImportKeyAttribute, e.Key));
        return record;
    }

    private static Resource ToResource(IReadOnlyDictionary<string, object?> attributes)
    {
        var resource = new Resource();
        foreach (var (key, value) in attributes)
        {
            if (ToValue(value) is { } any)
            {
                resource.Attributes.Add(new KeyValue { Key = key, Value = any });
            }
        }

        return resource;
    }

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    // The rollout reader's attribute values are strings, longs and doubles (what the normaliser's map holds too).
    private static AnyValue? ToValue(object? value) => value switch
    {
        null => null,
        string s => new AnyValue { StringValue = s },
        long l => new AnyValue { IntValue = l },
        int i => new AnyValue { IntValue = i },
        double d => new AnyValue { DoubleValue = d },
        float f => new AnyValue { DoubleValue = f },
        bool b => new AnyValue { BoolValue = b },
        decimal m => new AnyValue { DoubleValue = (double)m },
        byte[] bytes => new AnyValue { BytesValue = ByteString.CopyFrom(bytes) },
        _ => new AnyValue { StringValue = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" },
    };
}
