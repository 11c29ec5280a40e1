using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;
using OpenTelemetry.Proto.Metrics.V1;

namespace CodexOtel.Tests.E2E;

/// <summary>The real Codex CLI answers one prompt against the mock model and exports its telemetry to the recorder.</summary>
[Collection(RealClientsCollection.Name)]
public sealed class CodexTextTurnTests
{
    private const string Prompt = "say hi";

    [Fact]
    public Task Codex_exporting_http_protobuf_to_per_signal_paths_has_its_prompt_spans_and_delta_metrics_recorded() =>
        AssertTextTurnRecordedAsync(protocol: "binary");

    [Fact]
    public Task Codex_exporting_http_json_to_per_signal_paths_has_its_prompt_spans_and_delta_metrics_recorded() =>
        AssertTextTurnRecordedAsync(protocol: "json");

    [Fact]
    public async Task Codex_exporting_to_the_bare_base_url_posts_every_signal_to_root_and_each_lands_in_its_own_file()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        await using var model = await MockResponsesServer.StartAsync(new MockTurn.Text("hi"));
        using var codex = new CodexRunner();

        var run = await codex.ExecAsync(Prompt, model.BaseUrl, new CodexTelemetry
        {
            OtlpBaseUrl = recorder.HttpEndpoint,
            Protocol = "binary",
            PerSignalPaths = false,
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        var ledger = recorder.ReadLedger();
        foreach (var signal in SignalNames.All)
        {
            Assert.NotEmpty(ledger.Lines[signal]);
            Assert.All(ledger.TopLevelKeys(signal), key => Assert.Equal(signal.JsonKey(), key));
        }

        Assert.Contains("codex.user_prompt", ledger.EventNames());
        Assert.Contains(ledger.Spans, s => s.Item.Name == "run_turn");
        Assert.Contains(ledger.Metrics, m => m.Item.Name == "codex.turn.token_usage");
    }

    private static async Task AssertTextTurnRecordedAsync(string protocol)
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        await using var model = await MockResponsesServer.StartAsync(new MockTurn.Text("hi"));
        using var codex = new CodexRunner();

        var run = await codex.ExecAsync(Prompt, model.BaseUrl, new CodexTelemetry
        {
            OtlpBaseUrl = recorder.HttpEndpoint,
            Protocol = protocol,
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("hi", run.Stdout, StringComparison.Ordinal);
        var ledger = recorder.ReadLedger();

        // Logs: the conversation, the prompt verbatim, all under Codex's resource.
        Assert.Contains("codex.conversation_starts", ledger.EventNames());
        var prompt = Assert.Single(ledger.Events("codex.user_prompt"));
        Assert.Equal(Prompt, prompt.Text("prompt"));
        Assert.All(ledger.Logs, l =>
        {
            Assert.Equal("codex_exec", l.Resource.Attributes.Text("service.name"));
            Assert.Equal("e2e", l.Resource.Attributes.Text("env"));
        });

        // The conversation id Codex reports is the session id of its own rollout file.
        var sessionId = Assert.Single(CodexRollout.SessionIds(run.CodexHome));
        var conversationIds = ledger.Logs
            .Where(l => l.Item.Text("event.name") is not null)
            .Select(l => l.Item.Text("conversation.id"))
            .Distinct();
        Assert.Equal([sessionId], conversationIds);

        // The model's answer carried usage; the stream's completion event reports it.
        var completed = ledger.Events("codex.sse_event").Where(e => e.Text("input_token_count") is not null);
        Assert.Contains(completed, e =>
            e.Text("input_token_count") == $"{ResponsesStream.InputTokens}" &&
            e.Text("output_token_count") == $"{ResponsesStream.OutputTokens}");

        // Traces: the turn and the model call, with usage as integers. (Not session_task.turn: Codex sometimes
        // exits before exporting that outermost span.)
        var spans = ledger.Spans.Select(s => s.Item).ToList();
        Assert.Contains(spans, s => s.Name == "run_turn");
        Assert.Contains(spans, s =>
            s.Name == "handle_responses" &&
            s.Attributes.Find("gen_ai.usage.input_tokens")?.IntValue == ResponsesStream.InputTokens);
        Assert.All(spans, s => Assert.Equal(16, s.TraceId.Length));

        // Metrics: Codex's own, cumulative only across a run, so delta temporality.
        var metrics = ledger.Metrics.Select(m => m.Item).ToList();
        Assert.Contains(metrics, m => m.Name == "codex.turn.token_usage");
        Assert.All(metrics, m => Assert.StartsWith("codex.", m.Name, StringComparison.Ordinal));
        Assert.All(metrics.Where(m => m.DataCase is Metric.DataOneofCase.Sum or Metric.DataOneofCase.Histogram), m =>
        {
            var temporality = m.DataCase == Metric.DataOneofCase.Sum
                ? m.Sum.AggregationTemporality
                : m.Histogram.AggregationTemporality;
            Assert.Equal(AggregationTemporality.Delta, temporality);
        });
    }
}
