using System.Globalization;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Tests.Indexing;

/// <summary>
/// Random logs requests of records shaped like Codex's, with every attribute the normaliser interprets in every type
/// it may arrive as, empty and absent values, texts that need escaping or start with the stored-reference marker,
/// times in either field or only in event.timestamp, ids present, absent or zero; doubles unless told not to (Codex
/// sends none).
/// </summary>
internal sealed class RandomCodexLogs(int seed, bool doubles = true)
{
    private static readonly string[] Names =
    [
        "codex.conversation_starts", "codex.user_prompt", "codex.api_request", "codex.websocket_request", "codex.sse_event",
        "codex.websocket_event", "codex.tool_decision", "codex.tool_result", "codex.sandbox_outcome", "codex.agent_response",
        "codex.turn_cost", "codex.startup_phase", "",
    ];

    private static readonly string[] Keys =
    [
        "event.kind", "model", "call_id", "tool_name", "decision", "source", "outcome", "prompt", "arguments", "output",
        "response", "error.message", "turn.id", "success", "duration_ms", "http.response.status_code", "input_token_count",
        "output_token_count", "cached_token_count", "reasoning_token_count", "usage.estimated_usd", "output_truncated",
        "response_truncated", "attempt", "slug", "app.version", "originator", "terminal.type", "user.email", "zeta", "Alpha", "é.key", "", "a\"quoted\\key",
    ];

    private static readonly string[] TextPieces =
    [
        "a", "codex", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "<", "&", "é", "✓", "中文", "🚀", "\u2028",
        "{\"k\":1}", "0", "-1", "3.5", "true", "FALSE", "response.completed", "gpt-5", "approved", "denied",
    ];

    private readonly Random _random = new(seed);

    public ExportLogsServiceRequest Request()
    {
        var request = new ExportLogsServiceRequest();
        for (var r = _random.Next(1, 3); r > 0; r--)
        {
            var resourceLogs = new ResourceLogs { Resource = new Resource() };
            for (var a = _random.Next(0, 4); a > 0; a--)
            {
                resourceLogs.Resource.Attributes.Add(new KeyValue { Key = "res." + a, Value = Value() });
            }

            for (var s = _random.Next(1, 3); s > 0; s--)
            {
                var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "codex_otel.log_only" } };
                for (var n = _random.Next(0, 6); n > 0; n--)
                {
                    scope.LogRecords.Add(Record());
                }

                resourceLogs.ScopeLogs.Add(scope);
            }

            request.ResourceLogs.Add(resourceLogs);
        }

        return request;
    }

    private LogRecord Record()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_767_600_000_000 + _random.Next(0, 1_000_000));
        var nanos = (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100UL;
        var record = new LogRecord
        {
            ObservedTimeUnixNano = _random.Next(4) == 0 ? 0 : nanos + (ulong)_random.Next(100),
            TimeUnixNano = _random.Next(6) == 0 ? nanos : 0,
            SeverityNumber = SeverityNumber.Info,
            SeverityText = "INFO",
            Body = _random.Next(3) == 0 ? new AnyValue { StringValue = Text() } : new AnyValue(),
            TraceId = Id(16),
            SpanId = Id(8),
        };

        var keys = new HashSet<string>(StringComparer.Ordinal);
        void Add(string key, AnyValue? value)
        {
            if (keys.Add(key))
            {
                record.Attributes.Add(value is null ? new KeyValue { Key = key } : new KeyValue { Key = key, Value = value });
            }
        }

        if (_random.Next(8) != 0)
        {
            Add("event.name", new AnyValue { StringValue = Names[_random.Next(Names.Length)] });
        }

        if (_random.Next(8) != 0)
        {
            Add("conversation.id", new AnyValue { StringValue = new Guid(Bytes(16)).ToString() });
        }

        if (_random.Next(2) == 0)
        {
            Add("event.timestamp", new AnyValue { StringValue = time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) });
        }

        for (var n = _random.Next(0, 14); n > 0; n--)
        {
            var key = Keys[_random.Next(Keys.Length)];
            Add(key, _random.Next(10) == 0 ? null : Value());
        }

        if (_random.Next(3) == 0)
        {
            // The tool output repeated in another attribute: stored as a reference to the column.
            var output = record.Attributes.FirstOrDefault(a => a.Key == "output")?.Value;
            if (output is not null)
            {
                Add("output.copy", output.Clone());
            }
        }

        return record;
    }

    private AnyValue Value() => _random.Next(7) switch
    {
        0 => new AnyValue { IntValue = _random.Next(-5, 100_000) },
        1 when doubles => new AnyValue { DoubleValue = _random.Next(4) == 0 ? double.NaN : Math.Round(_random.NextDouble() * 1000, _random.Next(0, 4)) },
        2 => new AnyValue { BoolValue = _random.Next(2) == 0 },
        3 => new AnyValue(),
        _ => new AnyValue { StringValue = Text() },
    };

    private string Text()
    {
        var pieces = _random.Next(0, 6);
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < pieces; i++)
        {
            text.Append(TextPieces[_random.Next(TextPieces.Length)]);
        }

        return text.ToString();
    }

    private ByteString Id(int length) => _random.Next(4) switch
    {
        0 => ByteString.Empty,
        1 => ByteString.CopyFrom(new byte[length]),
        _ => ByteString.CopyFrom(Bytes(length)),
    };

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
