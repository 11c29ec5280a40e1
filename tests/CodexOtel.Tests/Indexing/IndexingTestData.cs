using System.Globalization;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Tests.Indexing;

/// <summary>Ledgers of Codex-shaped log records: one request per conversation (or per part of one).</summary>
internal static class IndexingTestData
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    public static string ConversationId(int n) => $"019a{n:x4}-0000-7000-8000-{n:x12}";

    /// <summary>A tool turn of conversation <paramref name="n"/>: start, prompt, decision, result, response, answer.</summary>
    public static ExportLogsServiceRequest ToolTurn(int n, string? prompt = null, string? output = null)
    {
        var id = ConversationId(n);
        var start = T0.AddMinutes(n);
        return Request(
            Record(id, "codex.conversation_starts", start, ("provider_name", "Mock"), ("approval_policy", "never")),
            Record(id, "codex.user_prompt", start.AddMilliseconds(10), ("prompt", prompt ?? $"task number {n}: please run echo hello")),
            Record(id, "codex.tool_decision", start.AddMilliseconds(20), ("call_id", $"call_{n}"), ("tool_name", "exec_command"), ("decision", "approved")),
            Record(id, "codex.tool_result", start.AddMilliseconds(30), ("call_id", $"call_{n}"), ("tool_name", "exec_command"),
                ("arguments", "{\"cmd\":\"echo hello\"}"), ("output", output ?? $"hello from run {n}\n"), ("success", "true")),
            Record(id, "codex.sse_event", start.AddMilliseconds(40), ("event.kind", "response.completed"),
                ("input_token_count", "120"), ("cached_token_count", 20L), ("output_token_count", "30"), ("reasoning_token_count", 10L)),
            Record(id, "codex.agent_response", start.AddMilliseconds(50), ("response", $"done with task {n}")));
    }

    /// <summary>A later prompt in conversation <paramref name="n"/>, <paramref name="minutes"/> after it started.</summary>
    public static ExportLogsServiceRequest FollowUp(int n, int minutes, string prompt) => Request(
        Record(ConversationId(n), "codex.user_prompt", T0.AddMinutes(n + minutes), ("prompt", prompt)));

    public static LogRecord Record(string conversation, string name, DateTimeOffset time, params (string Key, object Value)[] attributes)
    {
        var record = new LogRecord
        {
            ObservedTimeUnixNano = (ulong)(time.ToUnixTimeMilliseconds() * 1_000_000),
            SeverityNumber = SeverityNumber.Info,
        };
        record.Attributes.Add(Str("event.name", name));
        record.Attributes.Add(Str("conversation.id", conversation));
        record.Attributes.Add(Str("model", "gpt-5"));
        record.Attributes.Add(Str("event.timestamp", time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
        foreach (var (key, value) in attributes)
        {
            record.Attributes.Add(value is long l ? new KeyValue { Key = key, Value = new AnyValue { IntValue = l } } : Str(key, (string)value));
        }

        return record;
    }

    public static ExportLogsServiceRequest Request(params LogRecord[] records)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "codex_otel.log_only" } };
        scope.LogRecords.AddRange(records);
        var resource = new ResourceLogs
        {
            Resource = new Resource { Attributes = { Str("service.name", "codex_exec"), Str("service.version", "0.169.0") } },
        };
        resource.ScopeLogs.Add(scope);
        return new ExportLogsServiceRequest { ResourceLogs = { resource } };
    }

    public static async Task AppendAsync(LedgerWriter ledger, IEnumerable<ExportLogsServiceRequest> requests, LedgerOptions? options = null)
    {
        foreach (var request in requests)
        {
            await ledger.AppendAsync(Signal.Logs, LedgerLineEncoder.Encode(Signal.Logs, request, (options ?? new LedgerOptions()).MaxLineBytes));
        }
    }

    private static KeyValue Str(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
