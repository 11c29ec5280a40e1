using System.Globalization;
using CodexOtel.Bench.Payloads;
using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Bench.Conversations;

/// <summary>
/// Codex 0.169 conversations as their log records, one after another (starts ~1.5 h apart on average, so some
/// overlap), the way the real CLI sends them (tests/CodexOtel.Tests/Codex/Fixtures is a real capture):
/// <c>codex.conversation_starts</c> and two <c>codex.startup_phase</c>, then per turn a <c>codex.user_prompt</c> and,
/// per model call, <c>codex.api_request</c> (sometimes a failed attempt first) and the <c>codex.sse_event</c>s of the
/// stream (created, output items, and <c>response.completed</c> twice, the second with the token counts as strings and
/// ints), <c>codex.turn_ttft</c>, and per tool call <c>codex.tool_decision</c> + <c>codex.tool_result</c> (arguments,
/// output with Codex's header, capped at 2,048 bytes); at the end the DEBUG "flushing OTEL metrics" record.
/// <c>codex_exec</c> runs one turn, the TUI (<c>codex_cli_rs</c>) and <c>codex-app-server</c> several, with approvals
/// asked of the user now and then (approved, approved_for_session, denied, abort). Deterministic for a seed.
/// <para>
/// With <c>varied</c>, conversations are also shaped as heavier users' are: a third raise Codex's
/// <c>[otel.tool_result] max_bytes</c> (16 or 64 KiB) and run commands that print long outputs, and interactive
/// sessions run to more turns. The default shape is kept as it was, so its figures stay comparable over time.
/// </para>
/// </summary>
internal sealed class ConversationGenerator
{
    /// <summary>The default mean time between conversation starts: 5,000 conversations span about a year.</summary>
    public static readonly TimeSpan DefaultMeanGap = TimeSpan.FromMinutes(90);
    private const int DefaultLoggedOutputBytes = 2048;

    private static readonly (string Model, int Weight)[] Models =
    [
        ("gpt-5.5", 18), ("gpt-5.4", 10), ("gpt-5.3-codex", 24), ("gpt-5.2-codex", 14), ("gpt-5.1-codex", 10),
        ("gpt-5.1-codex-mini", 10), ("gpt-5.1-codex-max", 6), ("gpt-5-codex", 4), ("o4-mini", 4),
    ];

    private static readonly string[] Efforts = ["low", "medium", "medium", "medium", "high", "high", "xhigh"];
    private static readonly string[] Terminals = ["xterm-256color", "tmux-256color", "iTerm.app/3.5.10", "WezTerm/20240203-110809", "xterm-256color"];
    private static readonly string[] Hosts = ["devbox", "devbox", "devbox", "laptop"];

    private readonly Random _random;
    private readonly CodexVocabulary _words;
    private readonly string _accountId;
    private readonly bool _varied;
    private readonly double _meanGapMs;
    private long _nextStartMs;

    // start: when the first conversation starts (default 2026-01-05 08:00 UTC, which the figures so far used).
    public ConversationGenerator(int seed, bool varied = false, TimeSpan? meanGap = null, DateTimeOffset? start = null)
    {
        _varied = varied;
        _meanGapMs = (meanGap ?? DefaultMeanGap).TotalMilliseconds;
        _random = new Random(seed);
        _words = new CodexVocabulary(_random);
        _nextStartMs = (start ?? new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero)).ToUnixTimeMilliseconds();
        _accountId = Guid(_nextStartMs, version: 4);
    }

    public GeneratedConversation Next()
    {
        var startMs = _nextStartMs;
        _nextStartMs += 1_000 + (long)(-Math.Log(1 - _random.NextDouble()) * _meanGapMs);
        return new Builder(this, startMs).Build();
    }

    private string Guid(long unixMs, int version)
    {
        Span<byte> b = stackalloc byte[16];
        _random.NextBytes(b);
        if (version == 7)
        {
            for (var i = 0; i < 6; i++)
            {
                b[i] = (byte)(unixMs >> (8 * (5 - i)));
            }
        }

        b[6] = (byte)((version << 4) | (b[6] & 0x0f));
        b[8] = (byte)(0x80 | (b[8] & 0x3f));
        var hex = Convert.ToHexStringLower(b);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private ByteString Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>A value between <paramref name="min"/> and <paramref name="max"/>, spread evenly on a log scale.</summary>
    private double LogUniform(double min, double max) => min * Math.Pow(max / min, _random.NextDouble());

    private sealed class Builder
    {
        private readonly ConversationGenerator _g;
        private readonly Random _r;
        private readonly List<TimedRecord> _records = [];
        private readonly List<KeyValue> _common = [];
        private readonly List<KeyValue> _authEnv = [];
        private readonly string _id;
        private readonly string _model;
        private readonly string _effort;
        private readonly string _originator;
        private readonly string _approval;
        private readonly (string Repo, string Ext, string[] Files) _repo;
        private readonly int _maxLoggedOutputBytes = DefaultLoggedOutputBytes;
        private readonly bool _longOutputs;
        private ulong _clock;
        private ByteString _trace;
        private ByteString _span;
        private long _context;
        private long _cachedPrefix;
        private int _toolResultSeq;
        private string? _firstPrompt;

        public Builder(ConversationGenerator generator, long startMs)
        {
            _g = generator;
            _r = generator._random;
            _clock = ((ulong)startMs * 1_000_000UL) + (ulong)_r.Next(0, 1_000_000);
            _id = generator.Guid(startMs, version: 7);
            _model = Pick(Models);
            _effort = _model.Contains("mini", StringComparison.Ordinal) ? "medium" : Efforts[_r.Next(Efforts.Length)];
            var kind = _r.Next(100);
            (_originator, _approval) = kind switch
            {
                < 35 => ("codex_exec", "never"),
                < 90 => ("codex_cli_rs", "on-request"),
                _ => ("codex-app-server", "on-request"),
            };
            _repo = generator._words.Repo();
            if (generator._varied && _r.Next(3) == 0)
            {
                _longOutputs = true;
                _maxLoggedOutputBytes = _r.Next(2) == 0 ? 16 << 10 : 64 << 10;
            }

            _trace = generator.Bytes(16);
            _span = generator.Bytes(8);
            _context = _r.Next(9_000, 14_000);

            var chatGpt = _r.Next(4) == 0;
            _common.Add(Attr.Str("conversation.id", _id));
            _common.Add(Attr.Str("app.version", "0.169.0"));
            if (chatGpt)
            {
                _common.Add(Attr.Str("auth_mode", "Chatgpt"));
                _common.Add(Attr.Str("user.account_id", generator._accountId));
                _common.Add(Attr.Str("user.email", "dev@example.com"));
            }
            else
            {
                _common.Add(Attr.Str("auth_mode", "ApiKey"));
            }

            _common.Add(Attr.Str("originator", _originator));
            _common.Add(Attr.Str("terminal.type", _originator == "codex-app-server" ? "vscode/1.106.2" : Terminals[_r.Next(Terminals.Length)]));
            _common.Add(Attr.Str("model", _model));
            _common.Add(Attr.Str("slug", _model));

            _authEnv.Add(Attr.Bool("auth.env_openai_api_key_present", !chatGpt));
            _authEnv.Add(Attr.Bool("auth.env_codex_api_key_present", false));
            _authEnv.Add(Attr.Bool("auth.env_codex_api_key_enabled", true));
            _authEnv.Add(Attr.Str("auth.env_provider_key_name", chatGpt ? "none" : "configured"));
            _authEnv.Add(Attr.Bool("auth.env_provider_key_present", !chatGpt));
            _authEnv.Add(Attr.Bool("auth.env_refresh_token_url_override_present", false));
        }

        public GeneratedConversation Build()
        {
            var sandbox = _originator == "codex_exec" && _r.Next(3) == 0 ? "danger-full-access" : "workspace-write";
            Emit("codex.conversation_starts", 703, traced: true,
            [
                Attr.Str("config.legacy_multi_agent_disabled_sources", "none"),
                Attr.Str("provider_name", "OpenAI"),
                .. _authEnv,
                Attr.Str("reasoning_effort", _effort),
                Attr.Str("reasoning_summary", "auto"),
                Attr.Int("context_window", _model.StartsWith("o4", StringComparison.Ordinal) ? 200_000 : 272_000),
                Attr.Int("auto_compact_token_limit", 244_800),
                Attr.Str("approval_policy", _approval),
                Attr.Str("sandbox_policy", sandbox),
                Attr.Str("mcp_servers", _r.Next(4) == 0 ? "github,linear" : ""),
            ]);
            Advance(15, 60);
            var created = _r.Next(12, 60);
            Emit("codex.startup_phase", 377, traced: true, [Attr.Str("startup.phase", "thread_start_create_thread"), Attr.Str("startup.status", "ready"), Attr.Str("duration_ms", Num(created))]);
            Advance(3, 12);
            Emit("codex.startup_phase", 377, traced: true, [Attr.Str("startup.phase", "thread_start_total"), Attr.Str("startup.status", "ready"), Attr.Str("duration_ms", Num(created + _r.Next(5, 15)))]);

            var turns = _originator switch
            {
                "codex_exec" => 1,
                "codex-app-server" => _r.Next(1, 4),
                _ when _g._varied => 1 + Math.Min(24, (int)(-Math.Log(1 - _r.NextDouble()) * 4)),
                _ => 1 + Math.Min(6, (int)(-Math.Log(1 - _r.NextDouble()) * 1.3)),
            };
            for (var turn = 0; turn < turns; turn++)
            {
                if (turn > 0)
                {
                    _clock += (ulong)(_g.LogUniform(15_000, 900_000) * 1_000_000);
                }

                var tools = _originator == "codex_exec" ? _r.Next(0, 5) : _r.Next(2) == 0 ? 0 : _r.Next(1, 3);
                Turn(tools);
            }

            Advance(40, 400);
            _records.Add(new TimedRecord(_clock, new LogRecord
            {
                ObservedTimeUnixNano = _clock,
                SeverityNumber = SeverityNumber.Debug,
                SeverityText = "DEBUG",
                Body = new AnyValue { StringValue = "flushing OTEL metrics" },
                EventName = "event otel/src/metrics/client.rs:324",
            }, MetricsClientScope: true));

            return new GeneratedConversation(_id, Resource(), _records, _firstPrompt ?? "");
        }

        private void Turn(int toolCalls)
        {
            _trace = _g.Bytes(16);
            _span = _g.Bytes(8);
            var prompt = _g._words.Prompt(_repo);
            _firstPrompt ??= prompt;
            _context += (prompt.Length / 4) + 8;
            Advance(2, 30);
            var promptTime = _clock;
            Emit("codex.user_prompt", 1200, traced: true, [Attr.Str("prompt_length", Num(prompt.Length)), Attr.Str("prompt", prompt)]);

            for (var call = 0; call <= toolCalls; call++)
            {
                var isTool = call < toolCalls;
                Response(isTool);
                if (call == 0)
                {
                    Advance(0.05, 0.5);
                    Emit("codex.turn_ttft", 393, traced: true, [Attr.Str("duration_ms", Num((int)((_clock - promptTime) / 1_000_000)))]);
                }

                if (isTool && !Tool())
                {
                    return;
                }
            }
        }

        private void Response(bool toolCall)
        {
            Advance(5, 40);
            var attempt = 0;
            if (_r.Next(40) == 0)
            {
                var (status, error) = _r.Next(3) switch
                {
                    0 => (429, "http 429 Too Many Requests: Rate limit reached for requests per min. Please try again in 1.2s."),
                    1 => (500, "http 500 Internal Server Error: An error occurred while processing your request."),
                    _ => (503, "http 503 Service Unavailable: upstream connect error or disconnect/reset before headers"),
                };
                var failed = _r.Next(40, 900);
                Advance(failed, failed);
                ApiRequest(failed, status, attempt++, error);
                Advance(200, 2_500);
            }

            var latency = (int)_g.LogUniform(150, 2_500);
            Advance(latency, latency);
            ApiRequest(latency, 200, attempt, null);

            var createdMs = _r.Next(1, 60);
            Advance(createdMs, createdMs);
            Sse("response.created", createdMs);

            var output = toolCall ? _r.Next(25, 450) : (int)_g.LogUniform(60, 3_000);
            var reasoning = _effort == "low" ? 0 : (int)(output * _r.NextDouble() * (_effort == "medium" ? 0.5 : 0.8));
            if (reasoning > 0)
            {
                var thinking = reasoning * _r.Next(8, 20);
                Advance(thinking, thinking);
                Sse("response.output_item.done", thinking);
            }

            var writing = (output - reasoning) * _r.Next(8, 20);
            Advance(writing, writing);
            Sse("response.output_item.done", writing);
            Advance(0.05, 3);
            Sse("response.completed", 0);

            var input = _context;
            var cached = Math.Min(_cachedPrefix, input) / 128 * 128;
            Advance(0.02, 0.2);
            Emit("codex.sse_event", 1153, traced: false,
            [
                Attr.Str("event.kind", "response.completed"),
                Attr.Str("input_token_count", Num(input)),
                Attr.Str("output_token_count", Num(output)),
                Attr.Int("cached_token_count", cached),
                Attr.Int("cache_write_token_count", 0),
                Attr.Int("reasoning_token_count", reasoning),
                Attr.Str("tool_token_count", Num(input + output)),
                Attr.Str("model_reasoning_effort", _effort),
            ]);
            _cachedPrefix = input;
            _context += output - reasoning;
        }

        private void ApiRequest(int durationMs, int status, int attempt, string? error)
        {
            List<KeyValue> attributes =
            [
                Attr.Str("duration_ms", Num(durationMs)),
                Attr.Int("http.response.status_code", status),
                Attr.Int("attempt", attempt),
                Attr.Bool("auth.header_attached", true),
                Attr.Str("auth.header_name", "authorization"),
                Attr.Bool("auth.retry_after_unauthorized", false),
                Attr.Str("endpoint", "/responses"),
                .. _authEnv,
            ];
            if (error is not null)
            {
                attributes.Add(Attr.Str("error.message", error));
            }

            Emit("codex.api_request", 803, traced: true, attributes);
        }

        private void Sse(string kind, int durationMs) =>
            Emit("codex.sse_event", 1089, traced: false, [Attr.Str("event.kind", kind), Attr.Str("duration_ms", Num(durationMs))]);

        /// <summary>One tool call: decision, then (unless stopped) the result. False when the user aborted the turn.</summary>
        private bool Tool()
        {
            var callId = "call_" + CallSuffix();
            var which = _r.Next(10);
            string tool, arguments, output;
            bool success;
            double durationMs;
            if (which < 7)
            {
                tool = "exec_command";
                var (command, text, exitCode) = _g._words.Command(_repo, _longOutputs);
                arguments = $"{{\"cmd\":{Json(command)},\"workdir\":\"/home/dev/src/{_repo.Repo}\",\"yield_time_ms\":10000}}";
                durationMs = _g.LogUniform(4, command.Contains("test", StringComparison.Ordinal) ? 90_000 : 1_500);
                output = $"Chunk ID: {_g._words.ChunkId()}\nWall time: {(durationMs / 1000).ToString("0.0000", CultureInfo.InvariantCulture)} seconds\nProcess exited with code {exitCode}\nOriginal token count: {(text.Length / 4) + 1}\nOutput:\n{text}";
                success = exitCode == 0;
            }
            else if (which < 9)
            {
                tool = "apply_patch";
                arguments = _g._words.Patch(_repo, out var file);
                durationMs = _g.LogUniform(2, 60);
                output = $"{{\"output\":\"Success. Updated the following files:\\nM {file}\\n\",\"metadata\":{{\"exit_code\":0,\"duration_seconds\":{(durationMs / 1000).ToString("0.0", CultureInfo.InvariantCulture)}}}}}";
                success = true;
            }
            else
            {
                tool = "update_plan";
                arguments = _g._words.Plan();
                durationMs = _g.LogUniform(0.2, 3);
                output = "Plan updated";
                success = true;
            }

            var (decision, source) = _approval == "never" || tool == "update_plan" || _r.Next(100) >= 12
                ? ("approved", "Config")
                : _r.Next(100) switch
                {
                    < 55 => ("approved", "User"),
                    < 80 => ("approved_for_session", "User"),
                    < 96 => ("denied", "User"),
                    _ => ("abort", "User"),
                };
            Advance(source == "User" ? 1_500 : 1, source == "User" ? 40_000 : 8);
            Emit("codex.tool_decision", 1225, traced: true,
            [
                Attr.Str("tool_name", tool),
                Attr.Str("tool_namespace", "functions"),
                Attr.Str("call_id", callId),
                Attr.Str("decision", decision),
                Attr.Str("source", source),
            ]);
            if (decision == "abort")
            {
                return false;
            }

            if (decision == "denied")
            {
                _context += 20;
                return true;
            }

            var truncated = output.Length > _maxLoggedOutputBytes;
            if (truncated)
            {
                output = output[.._maxLoggedOutputBytes];
            }

            _context += (arguments.Length / 4) + (output.Length / 4);
            Advance(durationMs, durationMs);
            Emit("codex.tool_result", 0, traced: true,
            [
                Attr.Int("tool_result_seq", ++_toolResultSeq),
                Attr.Str("tool_name", tool),
                Attr.Str("tool_namespace", "functions"),
                Attr.Str("call_id", callId),
                Attr.Str("duration_ms", Num((long)durationMs)),
                Attr.Str("success", success ? "true" : "false"),
                Attr.Bool("output_truncated", truncated),
                Attr.Str("agent_name", "/root"),
                Attr.Str("arguments", arguments),
                Attr.Str("output", output),
                Attr.Str("mcp_server", ""),
                Attr.Str("mcp_server_origin", ""),
            ]);
            return true;
        }

        private void Emit(string name, int line, bool traced, List<KeyValue> attributes)
        {
            var record = new LogRecord
            {
                ObservedTimeUnixNano = _clock,
                SeverityNumber = SeverityNumber.Info,
                SeverityText = "INFO",
                Body = new AnyValue(),
                EventName = line == 0 ? "event otel/src/tool_result.rs:54" : "event otel/src/events/session_telemetry.rs:" + Num(line),
            };
            var a = record.Attributes;
            a.Add(Attr.Str("event.name", name));
            a.Add(attributes);
            var millis = (long)(_clock / 1_000_000);
            a.Add(Attr.Str("event.timestamp", DateTimeOffset.FromUnixTimeMilliseconds(millis).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
            a.Add(_common);
            if (traced)
            {
                record.Flags = 1;
                record.TraceId = _trace;
                record.SpanId = _r.Next(3) == 0 ? _span : _g.Bytes(8);
            }

            _records.Add(new TimedRecord(_clock, record, MetricsClientScope: false));
        }

        private Resource Resource()
        {
            var resource = new Resource();
            resource.Attributes.Add(Attr.Str("service.version", "0.169.0"));
            resource.Attributes.Add(Attr.Str("host.name", Hosts[_r.Next(Hosts.Length)]));
            resource.Attributes.Add(Attr.Str("service.name", _originator));
            resource.Attributes.Add(Attr.Str("telemetry.sdk.language", "rust"));
            resource.Attributes.Add(Attr.Str("telemetry.sdk.name", "opentelemetry"));
            resource.Attributes.Add(Attr.Str("telemetry.sdk.version", "0.31.0"));
            resource.Attributes.Add(Attr.Str("env", "production"));
            return resource;
        }

        /// <summary>Moves the clock on by a random time between the two bounds, in milliseconds.</summary>
        private void Advance(double minMs, double maxMs) =>
            _clock += (ulong)((minMs + (_r.NextDouble() * (maxMs - minMs))) * 1_000_000) + 1_000;

        private string CallSuffix()
        {
            const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            return string.Create(24, _r, (span, random) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = Alphabet[random.Next(Alphabet.Length)];
                }
            });
        }

        private string Pick((string Value, int Weight)[] choices)
        {
            var roll = _r.Next(choices.Sum(c => c.Weight));
            foreach (var (value, weight) in choices)
            {
                if ((roll -= weight) < 0)
                {
                    return value;
                }
            }

            return choices[^1].Value;
        }

        private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>A JSON string as serde_json writes it (only quotes, backslashes and control characters escaped).</summary>
        private static string Json(string text) =>
            "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
    }
}
