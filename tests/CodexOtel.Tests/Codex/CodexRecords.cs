using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Tests.Codex;

/// <summary>
/// Log records shaped like Codex 0.169's (../shared/codex-telemetry.md): the name in event.name, timeUnixNano 0,
/// observedTimeUnixNano set, and the same mix of types (duration_ms as a string, cached_token_count as an int …).
/// </summary>
internal static class CodexRecords
{
    public const string ConversationId = "01a209b4-775c-73f2-b475-a85f52412ce7";

    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 18, 39, 11, 713, TimeSpan.Zero);

    public static LogRecord Event(string name, double atMs, params (string Key, object Value)[] attributes)
    {
        var record = new LogRecord
        {
            TimeUnixNano = 0,
            ObservedTimeUnixNano = Nanos(T0.AddMilliseconds(atMs)),
            SeverityNumber = SeverityNumber.Info,
            SeverityText = "INFO",
            EventName = "event otel/src/events/session_telemetry.rs:703",
        };
        Add(record, "event.name", name);
        Add(record, "event.timestamp", T0.AddMilliseconds(atMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        Add(record, "conversation.id", ConversationId);
        Add(record, "app.version", "0.169.0");
        Add(record, "originator", "codex_exec");
        Add(record, "terminal.type", "xterm");
        Add(record, "model", "gpt-5");
        Add(record, "slug", "gpt-5");
        foreach (var (key, value) in attributes)
        {
            Add(record, key, value);
        }

        return record;
    }

    /// <summary>The DEBUG record Codex sends when it flushes metrics: no event.name, no conversation.</summary>
    public static LogRecord FlushingMetrics() => new()
    {
        ObservedTimeUnixNano = Nanos(T0),
        SeverityNumber = SeverityNumber.Debug,
        SeverityText = "DEBUG",
        Body = new AnyValue { StringValue = "flushing OTEL metrics" },
        EventName = "event otel/src/metrics/client.rs:324",
    };

    public static ExportLogsServiceRequest Request(params LogRecord[] records)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "codex_otel.log_only" } };
        scope.LogRecords.AddRange(records);
        var resource = new ResourceLogs { Resource = new Resource() };
        foreach (var (key, value) in new[] { ("service.name", "codex_exec"), ("service.version", "0.169.0"), ("env", "dev"), ("host.name", "vm") })
        {
            resource.Resource.Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { StringValue = value } });
        }

        resource.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resource);
        return request;
    }

    public static void Add(LogRecord record, string key, object value) =>
        record.Attributes.Add(new KeyValue { Key = key, Value = Value(value) });

    public static ulong Nanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100UL;

    public static AnyValue Value(object value) => value switch
    {
        string s => new AnyValue { StringValue = s },
        int i => new AnyValue { IntValue = i },
        long l => new AnyValue { IntValue = l },
        double d => new AnyValue { DoubleValue = d },
        bool b => new AnyValue { BoolValue = b },
        AnyValue v => v,
        _ => throw new ArgumentException($"no AnyValue for {value.GetType()}"),
    };

    /// <summary>The two records Codex sends for one response.completed: a plain stream event, then one with the counts.</summary>
    public static LogRecord[] ResponseCompleted(double atMs, int input = 1200, int cached = 100, int output = 20, int reasoning = 5) =>
    [
        Event("codex.sse_event", atMs, ("event.kind", "response.completed"), ("duration_ms", "0")),
        Event(
            "codex.sse_event",
            atMs + 0.1,
            ("event.kind", "response.completed"),
            ("input_token_count", input.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("output_token_count", output.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("cached_token_count", cached),
            ("cache_write_token_count", 0),
            ("reasoning_token_count", reasoning),
            ("tool_token_count", (input + output).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("model_reasoning_effort", "medium")),
    ];

    public static ByteString Id(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));
}
