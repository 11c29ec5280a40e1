using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Bench.Payloads;

/// <summary>
/// Trace batches shaped like what Codex 0.169 exports (checked against a real <c>codex exec</c> capture): one
/// resource (service.name codex_exec), one scope, turns of ~64 spans each — the turn chain
/// <c>turn/start → session_task.turn → run_turn → codex.sampling → model_client.stream_responses_api →
/// handle_responses</c>, tool spans <c>handle_tool_call</c>/<c>exec_command</c>, and the many small file-system and
/// rollout spans around them. Every span carries <c>code.*</c>, <c>thread.*</c>, <c>target</c>, <c>busy_ns</c>,
/// <c>idle_ns</c>; kind INTERNAL, flags 257, status unset.
/// </summary>
internal static class CodexSpans
{
    public const int SpansPerTurn = 64;

    private static readonly (string Name, string File, string Module, int Line, int Weight)[] Filler =
    [
        ("fs.get_metadata", "exec-server/src/local_file_system.rs", "codex_exec_server::local_file_system", 211, 20),
        ("append_items", "thread-store/src/local/live_writer.rs", "codex_thread_store::local::live_writer", 88, 13),
        ("persist_rollout_items", "core/src/session/mod.rs", "codex_core::session", 1544, 7),
        ("fs.read_file", "exec-server/src/local_file_system.rs", "codex_exec_server::local_file_system", 143, 6),
        ("realtime_conversation.running_state", "core/src/realtime_conversation.rs", "codex_core::realtime_conversation", 402, 4),
        ("get_model_info", "models-manager/src/manager.rs", "codex_models_manager::manager", 318, 3),
        ("auth", "login/src/auth/manager.rs", "codex_login::auth::manager", 977, 3),
        ("receiving", "core/src/client.rs", "codex_core::client", 1290, 2),
        ("send_raw_response_items", "core/src/session/mod.rs", "codex_core::session", 2102, 1),
        ("environments.snapshot", "core/src/environment_selection.rs", "codex_core::environment_selection", 77, 2),
        ("plugins_for_config", "core-plugins/src/manager.rs", "codex_core_plugins::manager", 264, 2),
        ("mcp.runtime.refresh_if_dirty", "core/src/session/mcp_runtime.rs", "codex_core::session::mcp_runtime", 131, 1),
        ("turn_context.build", "core/src/session/turn_context.rs", "codex_core::session::turn_context", 95, 1),
        ("agents_md.refresh", "core/src/agents_md_manager.rs", "codex_core::agents_md_manager", 58, 1),
    ];

    private static readonly int FillerWeight = Filler.Sum(f => f.Weight);

    private static readonly string[] Paths =
    [
        "/home/dev/project/src/main.rs", "/home/dev/project/Cargo.toml", "/home/dev/project/README.md",
        "/home/dev/.codex/config.toml", "/home/dev/project/src/lib/parser/tokenizer.rs", "/home/dev/project/AGENTS.md",
    ];

    public static ExportTraceServiceRequest Batch(int seed, int spans)
    {
        var ids = new CodexIds(seed);
        var conversation = ids.Uuid7();
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "codex_exec" } };
        var clock = 1_795_462_785_000_000_000UL + ((ulong)seed * 3_600_000_000_000UL);
        while (scope.Spans.Count < spans)
        {
            Turn(ids, conversation, ref clock, scope.Spans, Math.Min(SpansPerTurn, spans - scope.Spans.Count));
        }

        var resource = new ResourceSpans { Resource = CodexResource(includeHost: false) };
        resource.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resource);
        return request;
    }

    public static Resource CodexResource(bool includeHost)
    {
        var resource = new Resource();
        resource.Attributes.Add(Attr.Str("service.name", "codex_exec"));
        resource.Attributes.Add(Attr.Str("service.version", "0.169.0"));
        resource.Attributes.Add(Attr.Str("telemetry.sdk.language", "rust"));
        resource.Attributes.Add(Attr.Str("env", "dev"));
        if (includeHost)
        {
            resource.Attributes.Add(Attr.Str("host.name", "devbox-7"));
        }

        resource.Attributes.Add(Attr.Str("telemetry.sdk.name", "opentelemetry"));
        resource.Attributes.Add(Attr.Str("telemetry.sdk.version", "0.31.0"));
        return resource;
    }

    private static void Turn(CodexIds ids, string conversation, ref ulong clock, ICollection<Span> output, int count)
    {
        var trace = ids.TraceId();
        var turnId = ids.Uuid7();
        var callId = "call_" + ids.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = clock;
        var turnEnd = start + (ulong)ids.NextLong(2_000_000_000, 40_000_000_000);
        clock = turnEnd + 1_000_000;
        var t = new TurnContext(ids, trace, conversation, turnId, start, turnEnd);

        var turnStart = t.Span("turn/start", "app-server/src/app_server_tracing.rs", "codex_app_server::app_server_tracing", 121, parent: ids.SpanId());
        turnStart.Attributes.Add(Attr.Str("rpc.system", "jsonrpc"));
        turnStart.Attributes.Add(Attr.Str("rpc.method", "turn/start"));
        turnStart.Attributes.Add(Attr.Str("rpc.transport", "in-process"));
        turnStart.Attributes.Add(Attr.Str("rpc.request_id", ids.Next(1, 500).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        turnStart.Attributes.Add(Attr.Str("app_server.client_name", "codex_exec"));
        turnStart.Attributes.Add(Attr.Str("app_server.client_version", "0.169.0"));

        var task = t.Span("session_task.turn", "core/src/tasks/mod.rs", "codex_core::tasks", 398, turnStart.SpanId);
        task.Attributes.Add(Attr.Str("model", "gpt-5.1-codex"));
        task.Attributes.Add(Attr.Str("codex.turn.reasoning_effort", "medium"));
        var input = ids.Next(2_000, 180_000);
        var cached = input * ids.Next(0, 90) / 100;
        var outputTokens = ids.Next(20, 6_000);
        var reasoning = outputTokens * ids.Next(0, 60) / 100;
        task.Attributes.Add(Attr.Int("codex.turn.token_usage.input_tokens", input));
        task.Attributes.Add(Attr.Int("codex.turn.token_usage.cached_input_tokens", cached));
        task.Attributes.Add(Attr.Int("codex.turn.token_usage.non_cached_input_tokens", input - cached));
        task.Attributes.Add(Attr.Int("codex.turn.token_usage.output_tokens", outputTokens));
        task.Attributes.Add(Attr.Int("codex.turn.token_usage.reasoning_output_tokens", reasoning));
        task.Attributes.Add(Attr.Int("codex.turn.token_usage.total_tokens", input + outputTokens));
        task.Events.Add(TurnProfile(t));

        var run = t.Span("run_turn", "core/src/tasks/regular.rs", "codex_core::tasks::regular", 154, task.SpanId);
        var spans = new List<Span> { turnStart, task, run };
        for (var sample = 0; sample < 2; sample++)
        {
            var sampling = t.Span("codex.sampling", "core/src/session/turn.rs", "codex_core::session::turn", 2927, run.SpanId);
            sampling.Attributes.Add(Attr.Str("codex.turn.phase", "sampling"));
            var stream = t.Span("model_client.stream_responses_api", "core/src/client.rs", "codex_core::client", 1187, sampling.SpanId);
            stream.Attributes.Add(Attr.Str("http.request.method", "POST"));
            stream.Attributes.Add(Attr.Str("server.address", "api.openai.com"));
            var responses = t.Span("handle_responses", "core/src/session/turn.rs", "codex_core::session::turn", 3077, sampling.SpanId);
            responses.Attributes.Add(Attr.Str("codex.request.reasoning_effort", "medium"));
            responses.Attributes.Add(Attr.Double("codex.response.receive_wait_ms", Math.Round(ids.NextDouble() * 900, 6)));
            responses.Attributes.Add(Attr.Int("gen_ai.usage.input_tokens", input / 2));
            responses.Attributes.Add(Attr.Int("gen_ai.usage.cache_read.input_tokens", cached / 2));
            responses.Attributes.Add(Attr.Int("gen_ai.usage.cache_write.input_tokens", 0));
            responses.Attributes.Add(Attr.Int("gen_ai.usage.output_tokens", outputTokens / 2));
            responses.Attributes.Add(Attr.Int("codex.usage.reasoning_output_tokens", reasoning / 2));
            spans.Add(sampling);
            spans.Add(stream);
            spans.Add(responses);
        }

        var toolCall = t.Span("handle_tool_call", "core/src/tools/parallel.rs", "codex_core::tools::parallel", 107, run.SpanId);
        toolCall.Attributes.Add(Attr.Str("call_id", callId));
        var exec = t.Span("exec_command", "core/src/tools/parallel.rs", "codex_core::tools::parallel", 263, toolCall.SpanId);
        exec.Attributes.Add(Attr.Str("tool_name", "exec_command"));
        exec.Attributes.Add(Attr.Str("thread.id", conversation));
        exec.Attributes.Add(Attr.Str("turn_id", turnId));
        exec.Attributes.Add(Attr.Str("tool_source", "direct"));
        exec.Attributes.Add(Attr.Str("call_id", callId));
        exec.Attributes.Add(Attr.Str("codex.tool.phase", "dispatch"));
        exec.Attributes.Add(Attr.Bool("aborted", false));
        spans.Add(toolCall);
        spans.Add(exec);

        while (spans.Count < count)
        {
            spans.Add(FillerSpan(t, ids, run.SpanId));
        }

        for (var i = 0; i < count; i++)
        {
            output.Add(spans[i]);
        }
    }

    private static Span FillerSpan(TurnContext t, CodexIds ids, Google.Protobuf.ByteString parent)
    {
        var roll = ids.Next(0, FillerWeight);
        var pick = Filler[^1];
        foreach (var candidate in Filler)
        {
            if ((roll -= candidate.Weight) < 0)
            {
                pick = candidate;
                break;
            }
        }

        var span = t.Span(pick.Name, pick.File, pick.Module, pick.Line, parent);
        switch (pick.Name)
        {
            case "fs.get_metadata" or "fs.read_file":
                span.Attributes.Add(Attr.Bool("sandboxed", false));
                span.Attributes.Add(Attr.Str("path", ids.Pick(Paths)));
                break;
            case "append_items" or "persist_rollout_items":
                span.Attributes.Add(Attr.Str("item_count", ids.Next(1, 12).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case "get_model_info":
                span.Attributes.Add(Attr.Str("model", "gpt-5.1-codex"));
                break;
            case "environments.snapshot":
                span.Attributes.Add(Attr.Str("environment_count", "1"));
                span.Attributes.Add(Attr.Bool("non_blocking", false));
                break;
            case "plugins_for_config":
                span.Attributes.Add(Attr.Bool("plugins_enabled", true));
                break;
            case "turn_context.build":
                span.Attributes.Add(Attr.Str("build_mode", "Full"));
                break;
            default:
                break;
        }

        return span;
    }

    private static Span.Types.Event TurnProfile(TurnContext t)
    {
        var profile = new Span.Types.Event { TimeUnixNano = t.End - 5_000_000, Name = "codex.turn_profile" };
        profile.Attributes.Add(Attr.Str("level", "INFO"));
        profile.Attributes.Add(Attr.Str("target", "codex_otel.trace_safe"));
        profile.Attributes.Add(Attr.Str("event.name", "codex.turn_profile"));
        profile.Attributes.Add(Attr.Str("conversation.id", t.Conversation));
        profile.Attributes.Add(Attr.Str("turn_id", t.TurnId));
        profile.Attributes.Add(Attr.Str("critical_path_status", "disabled"));
        profile.Attributes.Add(Attr.Str("sampling_request_count", "2"));
        profile.Attributes.Add(Attr.Str("code.file.path", "core/src/turn_timing.rs"));
        profile.Attributes.Add(Attr.Str("code.module.name", "codex_core::turn_timing"));
        profile.Attributes.Add(Attr.Int("code.line.number", 44));
        return profile;
    }

    private sealed class TurnContext(CodexIds ids, Google.Protobuf.ByteString trace, string conversation, string turnId, ulong start, ulong end)
    {
        public string Conversation => conversation;

        public string TurnId => turnId;

        public ulong End => end;

        /// <summary>A span with the attributes every Codex span has, plus conversation and turn ids.</summary>
        public Span Span(string name, string file, string module, int line, Google.Protobuf.ByteString parent)
        {
            var spanStart = start + (ulong)ids.NextLong(0, (long)(end - start) / 2);
            var busy = ids.NextLong(0, 50_000_000);
            var idle = ids.NextLong(0, 400_000_000);
            var span = new Span
            {
                TraceId = trace,
                SpanId = ids.SpanId(),
                ParentSpanId = parent,
                Flags = 257,
                Name = name,
                Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Internal,
                StartTimeUnixNano = spanStart,
                EndTimeUnixNano = spanStart + (ulong)(busy + idle),
                Status = new Status(),
            };
            span.Attributes.Add(Attr.Str("code.file.path", file));
            span.Attributes.Add(Attr.Str("code.module.name", module));
            span.Attributes.Add(Attr.Int("code.line.number", line));
            span.Attributes.Add(Attr.Int("thread.id", ids.Next(1, 9)));
            span.Attributes.Add(Attr.Str("thread.name", "tokio-rt-worker"));
            span.Attributes.Add(Attr.Str("target", module));
            span.Attributes.Add(Attr.Str("conversation.id", conversation));
            span.Attributes.Add(Attr.Str("turn.id", turnId));
            span.Attributes.Add(Attr.Int("busy_ns", busy));
            span.Attributes.Add(Attr.Int("idle_ns", idle));
            return span;
        }
    }
}
