using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.E2E;

/// <summary>The mock model asks Codex to run a shell command; Codex runs it and reports the decision and result.</summary>
[Collection(RealClientsCollection.Name)]
public sealed class CodexToolTurnTests
{
    [Fact]
    public async Task Codex_running_a_command_the_model_asked_for_records_the_tool_decision_and_result_with_its_output()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        await using var model = await MockResponsesServer.StartAsync(
            new MockTurn.ExecCommand("echo hello", CallId: "call_e2e_1"),
            new MockTurn.Text("it printed hello"));
        using var codex = new CodexRunner();

        var run = await codex.ExecAsync("run echo hello", model.BaseUrl, new CodexTelemetry
        {
            OtlpBaseUrl = recorder.HttpEndpoint,
            Protocol = "json",
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        var ledger = recorder.ReadLedger();

        var decision = Assert.Single(ledger.Events("codex.tool_decision"));
        Assert.Equal("call_e2e_1", decision.Text("call_id"));
        Assert.Equal("exec_command", decision.Text("tool_name"));
        Assert.Equal("approved", decision.Text("decision"));

        var result = Assert.Single(ledger.Events("codex.tool_result"));
        Assert.Equal("call_e2e_1", result.Text("call_id"));
        Assert.Equal("exec_command", result.Text("tool_name"));
        Assert.Equal("true", result.Text("success"));
        Assert.Contains("echo hello", result.Text("arguments"), StringComparison.Ordinal);
        Assert.Contains("hello", result.Text("output"), StringComparison.Ordinal);

        // Codex posted the command's output back to the model under the same call id.
        Assert.Equal(2, model.ResponsesRequests.Count);
        var output = Assert.Single(
            model.ResponsesRequests[1]["input"]!.AsArray(),
            item => (string?)item!["type"] == "function_call_output");
        Assert.Equal("call_e2e_1", (string?)output!["call_id"]);
        Assert.Contains("hello", (string?)output["output"], StringComparison.Ordinal);

        // The tool's span carries the same call id, which links it to the two events.
        Assert.Contains(ledger.Spans, s => s.Item.Name == "exec_command" && s.Item.Attributes.Text("call_id") == "call_e2e_1");
    }
}
