using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.E2E;

/// <summary>How the real Codex CLI's exports meet the recorder's API key, and what a failed run leaves behind.</summary>
[Collection(RealClientsCollection.Name)]
public sealed class CodexExportEdgeTests
{
    private const string ApiKey = "e2e-secret-key";

    [Fact]
    public async Task Codex_sending_the_api_key_in_configured_headers_is_recorded_by_a_recorder_that_requires_it()
    {
        await using var recorder = await InProcessRecorder.StartAsync(apiKey: ApiKey);
        await using var model = await MockResponsesServer.StartAsync(new MockTurn.Text("hi"));
        using var codex = new CodexRunner();

        var run = await codex.ExecAsync("say hi", model.BaseUrl, new CodexTelemetry
        {
            OtlpBaseUrl = recorder.HttpEndpoint,
            Headers = new Dictionary<string, string> { ["authorization"] = $"Bearer {ApiKey}" },
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        var ledger = recorder.ReadLedger();
        Assert.Contains("codex.user_prompt", ledger.EventNames());
        Assert.NotEmpty(ledger.Spans);
        Assert.NotEmpty(ledger.Metrics);
    }

    [Fact]
    public async Task Codex_without_the_api_key_still_finishes_its_turn_but_nothing_reaches_the_ledger()
    {
        await using var recorder = await InProcessRecorder.StartAsync(apiKey: ApiKey);
        await using var model = await MockResponsesServer.StartAsync(new MockTurn.Text("hi"));
        using var codex = new CodexRunner();

        var run = await codex.ExecAsync("say hi", model.BaseUrl, new CodexTelemetry { OtlpBaseUrl = recorder.HttpEndpoint });

        Assert.True(run.ExitCode == 0, run.ToString());
        var ledger = recorder.ReadLedger();
        Assert.All(SignalNames.All, signal => Assert.Empty(ledger.Lines[signal]));
    }

    [Fact]
    public async Task Codex_whose_model_call_fails_exits_non_zero_without_flushing_telemetry_but_leaves_its_rollout()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        await using var model = await MockResponsesServer.StartAsync(new MockTurn.Failure(500));
        using var codex = new CodexRunner();

        var run = await codex.ExecAsync("say hi", model.BaseUrl, new CodexTelemetry { OtlpBaseUrl = recorder.HttpEndpoint });

        Assert.True(run.ExitCode != 0, run.ToString());
        var sessionId = Assert.Single(CodexRollout.SessionIds(run.CodexHome));

        // No flush at exit: metrics (exported every 60 s) never arrive. Logs exported by a periodic batch before
        // the failure may, so they are not asserted absent; any that came belong to the rollout's conversation.
        var ledger = recorder.ReadLedger();
        Assert.Empty(ledger.Lines[Signal.Metrics]);
        Assert.All(ledger.Logs.Where(l => l.Item.Text("event.name") is not null), l =>
            Assert.Equal(sessionId, l.Item.Text("conversation.id")));

        // The rollout still has the prompt: the way to backfill such a run.
        Assert.Contains(CodexRollout.Lines(run.CodexHome), line =>
            (string?)line["type"] == "response_item" &&
            line["payload"]!.ToJsonString().Contains("say hi", StringComparison.Ordinal));
    }
}
