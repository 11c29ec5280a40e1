using CodexOtel.Codex;
using CodexOtel.Metrics.Exposition;
using CodexOtel.Metrics.Model;
using CodexOtel.Metrics.Usage;
using CodexOtel.Tests.Codex;

namespace CodexOtel.Tests.Metrics;

public sealed class UsageMetricsTests
{
    [Fact]
    public void Codex_log_events_become_token_cost_turn_tool_and_latency_metrics()
    {
        var registry = new MetricRegistry();
        var usage = new UsageMetrics(registry, "test", PriceTable.BuiltIn);
        var request = CodexRecords.Request([
            CodexRecords.Event("codex.conversation_starts", 0, ("provider_name", "openai")),
            CodexRecords.Event("codex.user_prompt", 1, ("prompt", "hi"), ("prompt_length", "2")),
            CodexRecords.Event("codex.api_request", 2, ("duration_ms", "300"), ("http.response.status_code", 200)),
            CodexRecords.Event("codex.api_request", 2.5, ("duration_ms", "50"), ("http.response.status_code", 500)),
            .. CodexRecords.ResponseCompleted(3, input: 1200, cached: 100, output: 20, reasoning: 5),
            CodexRecords.Event("codex.tool_decision", 4, ("tool_name", "exec_command"), ("call_id", "c1"), ("decision", "approved"), ("source", "Config")),
            CodexRecords.Event("codex.tool_result", 5, ("tool_name", "exec_command"), ("call_id", "c1"), ("duration_ms", "8"), ("success", "true"), ("output", "ok")),
        ]);

        foreach (var e in CodexNormaliser.FromLogs(request))
        {
            usage.Consume(e);
        }

        var text = ExpositionWriter.Write(registry.Collect(), ExpositionFormat.PrometheusText, CodexRecords.T0.ToUnixTimeMilliseconds() * 1_000_000);
        Assert.Contains("codex_otel_tokens_total{kind=\"input\",model=\"gpt-5\"} 1200\n", text, StringComparison.Ordinal);
        Assert.Contains("codex_otel_tokens_total{kind=\"cached_input\",model=\"gpt-5\"} 100\n", text, StringComparison.Ordinal);
        Assert.Contains("codex_otel_tokens_total{kind=\"output\",model=\"gpt-5\"} 20\n", text, StringComparison.Ordinal);
        Assert.Contains("codex_otel_tokens_total{kind=\"reasoning\",model=\"gpt-5\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("codex_otel_conversations_total{model=\"gpt-5\",originator=\"codex_exec\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("codex_otel_turns_total{model=\"gpt-5\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("codex_otel_tool_calls_total{decision=\"approved\",success=\"true\",tool=\"exec_command\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("codex_otel_tool_duration_milliseconds_bucket{tool=\"exec_command\",le=\"8\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("codex_otel_api_request_duration_milliseconds_count{model=\"gpt-5\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("codex_otel_api_errors_total{model=\"gpt-5\",status=\"500\"} 1\n", text, StringComparison.Ordinal);

        var cost = (double)PriceTable.BuiltIn.Cost("gpt-5", new TokenUsage(1200, 100, 20, 5))!.Value;
        Assert.Contains(FormattableString.Invariant($"codex_otel_cost_usd_total{{model=\"gpt-5\"}} {cost:R}\n"), text, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"codex_otel_conversation_cost_usd{{conversation_id=\"{CodexRecords.ConversationId}\",model=\"gpt-5\"}} {cost:R}\n"), text, StringComparison.Ordinal);
    }
}
