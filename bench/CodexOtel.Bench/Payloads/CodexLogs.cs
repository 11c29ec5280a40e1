using System.Globalization;
using System.Text;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace CodexOtel.Bench.Payloads;

/// <summary>
/// Log batches shaped like Codex 0.169's (scope <c>codex_otel.log_only</c>): the Codex name in the attribute
/// <c>event.name</c>, a source location in <c>eventName</c>, no <c>timeUnixNano</c> (only <c>observedTimeUnixNano</c>
/// and the string <c>event.timestamp</c>), an empty body, the session attributes on every record, and the
/// inconsistent types Codex sends (<c>duration_ms</c>, token counts and <c>success</c> as strings).
/// Mostly <c>codex.sse_event</c>, with api requests, tool decisions and tool results (output up to 2 KiB).
/// </summary>
internal static class CodexLogs
{
    private static readonly (string Event, int Weight)[] Mix =
    [
        ("codex.sse_event", 55), ("codex.api_request", 8), ("codex.tool_decision", 8), ("codex.tool_result", 8),
        ("codex.turn_ttft", 5), ("codex.user_prompt", 4), ("codex.startup_phase", 6), ("codex.conversation_starts", 3),
        ("debug", 3),
    ];

    private static readonly int TotalWeight = Mix.Sum(m => m.Weight);

    private static readonly string[] SseKinds =
    [
        "response.created", "response.output_item.added", "response.output_text.delta", "response.output_item.done",
        "response.reasoning_summary_text.delta", "response.completed",
    ];

    public static ExportLogsServiceRequest Batch(int seed, int records)
    {
        var ids = new CodexIds(seed + 7919);
        var conversation = ids.Uuid7();
        var trace = ids.TraceId();
        var observed = 1_795_462_785_000_000_000UL + ((ulong)seed * 3_600_000_000_000UL);
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "codex_otel.log_only" } };
        for (var i = 0; i < records; i++)
        {
            observed += (ulong)ids.NextLong(100_000, 80_000_000);
            if (i % 64 == 0)
            {
                trace = ids.TraceId();
            }

            scope.LogRecords.Add(Record(ids, conversation, trace, observed));
        }

        var resource = new ResourceLogs { Resource = CodexSpans.CodexResource(includeHost: true) };
        resource.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resource);
        return request;
    }

    private static LogRecord Record(CodexIds ids, string conversation, Google.Protobuf.ByteString trace, ulong observed)
    {
        var roll = ids.Next(0, TotalWeight);
        var name = Mix[^1].Event;
        foreach (var (candidate, weight) in Mix)
        {
            if ((roll -= weight) < 0)
            {
                name = candidate;
                break;
            }
        }

        if (name == "debug")
        {
            return new LogRecord
            {
                ObservedTimeUnixNano = observed,
                SeverityNumber = SeverityNumber.Debug,
                SeverityText = "DEBUG",
                Body = new AnyValue { StringValue = "flushing OTEL metrics" },
                EventName = "event otel/src/metrics/client.rs:324",
            };
        }

        var record = new LogRecord
        {
            ObservedTimeUnixNano = observed,
            SeverityNumber = SeverityNumber.Info,
            SeverityText = "INFO",
            Body = new AnyValue(),
            EventName = "event otel/src/events/session_telemetry.rs:" + ids.Next(300, 1300).ToString(CultureInfo.InvariantCulture),
        };
        var a = record.Attributes;
        a.Add(Attr.Str("event.name", name));
        var callId = "call_" + ids.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        switch (name)
        {
            case "codex.sse_event":
                var kind = ids.Pick(SseKinds);
                a.Add(Attr.Str("event.kind", kind));
                a.Add(Attr.Str("duration_ms", Num(ids.Next(0, 400))));
                if (kind == "response.completed")
                {
                    a.Add(Attr.Str("input_token_count", Num(ids.Next(2_000, 180_000))));
                    a.Add(Attr.Str("output_token_count", Num(ids.Next(20, 6_000))));
                    a.Add(Attr.Int("cached_token_count", ids.Next(0, 100_000)));
                    a.Add(Attr.Int("reasoning_token_count", ids.Next(0, 2_000)));
                    a.Add(Attr.Str("tool_token_count", Num(ids.Next(2_000, 190_000))));
                    a.Add(Attr.Int("ttft_ms", ids.Next(80, 4_000)));
                }

                break;
            case "codex.api_request":
                a.Add(Attr.Str("duration_ms", Num(ids.Next(5, 9_000))));
                a.Add(Attr.Int("http.response.status_code", 200));
                a.Add(Attr.Int("attempt", 0));
                a.Add(Attr.Bool("auth.header_attached", true));
                a.Add(Attr.Str("auth.header_name", "authorization"));
                a.Add(Attr.Str("endpoint", "/responses"));
                a.Add(Attr.Str("error.message", ""));
                break;
            case "codex.tool_decision":
                a.Add(Attr.Str("tool_name", "exec_command"));
                a.Add(Attr.Str("tool_namespace", "functions"));
                a.Add(Attr.Str("call_id", callId));
                a.Add(Attr.Str("decision", "approved"));
                a.Add(Attr.Str("source", "Config"));
                break;
            case "codex.tool_result":
                a.Add(Attr.Int("tool_result_seq", ids.Next(1, 40)));
                a.Add(Attr.Str("tool_name", "exec_command"));
                a.Add(Attr.Str("tool_namespace", "functions"));
                a.Add(Attr.Str("call_id", callId));
                a.Add(Attr.Str("duration_ms", Num(ids.Next(3, 30_000))));
                a.Add(Attr.Str("success", "true"));
                a.Add(Attr.Bool("output_truncated", false));
                a.Add(Attr.Str("agent_name", "/root"));
                a.Add(Attr.Str("arguments", "{\"cmd\":\"rg -n \\\"fn parse\\\" src/ --max-count 40\"}"));
                a.Add(Attr.Str("output", ToolOutput(ids)));
                a.Add(Attr.Str("mcp_server", ""));
                a.Add(Attr.Str("mcp_server_origin", ""));
                break;
            case "codex.turn_ttft":
                a.Add(Attr.Str("duration_ms", Num(ids.Next(80, 4_000))));
                break;
            case "codex.user_prompt":
                a.Add(Attr.Str("prompt_length", "58"));
                a.Add(Attr.Str("prompt", "refactor the tokenizer so that it handles nested comments"));
                break;
            case "codex.startup_phase":
                a.Add(Attr.Str("startup.phase", "thread_start_create_thread"));
                a.Add(Attr.Str("startup.status", "ready"));
                a.Add(Attr.Str("duration_ms", Num(ids.Next(1, 200))));
                break;
            default:
                a.Add(Attr.Str("provider_name", "OpenAI"));
                a.Add(Attr.Str("reasoning_effort", "medium"));
                a.Add(Attr.Str("reasoning_summary", "auto"));
                a.Add(Attr.Int("context_window", 272_000));
                a.Add(Attr.Str("approval_policy", "on-request"));
                a.Add(Attr.Str("sandbox_policy", "workspace-write"));
                a.Add(Attr.Str("mcp_servers", ""));
                break;
        }

        var millis = (long)(observed / 1_000_000);
        a.Add(Attr.Str("event.timestamp", DateTimeOffset.FromUnixTimeMilliseconds(millis).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
        a.Add(Attr.Str("conversation.id", conversation));
        a.Add(Attr.Str("app.version", "0.169.0"));
        a.Add(Attr.Str("auth_mode", "ApiKey"));
        a.Add(Attr.Str("originator", "codex_exec"));
        a.Add(Attr.Str("terminal.type", "xterm-256color"));
        a.Add(Attr.Str("model", "gpt-5.1-codex"));
        a.Add(Attr.Str("slug", "gpt-5.1-codex"));
        if (name != "codex.sse_event")
        {
            record.Flags = 1;
            record.TraceId = trace;
            record.SpanId = ids.SpanId();
        }

        return record;
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string ToolOutput(CodexIds ids)
    {
        var text = new StringBuilder("Chunk ID: 4c0a1e\nWall time: 0.1661 seconds\nProcess exited with code 0\nOutput:\n");
        var lines = ids.Next(2, 24);
        for (var i = 0; i < lines; i++)
        {
            text.Append("src/lib/parser/tokenizer.rs:").Append(ids.Next(1, 2000)).Append(":    fn parse_block(&mut self, depth: usize) -> Result<Node, ParseError> {\n");
        }

        return text.Length > 2048 ? text.ToString(0, 2048) : text.ToString();
    }
}
