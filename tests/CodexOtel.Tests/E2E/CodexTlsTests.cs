using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.E2E;

/// <summary>The real Codex exporting to serve over TLS, as <c>setup codex</c> writes it: its tls table trusts our CA.</summary>
[Collection(RealClientsCollection.Name)]
public sealed class CodexTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Codex_exports_its_conversation_over_tls_and_mutual_tls(bool mutual)
    {
        await using var recorder = await InProcessRecorder.StartAsync(tls: _certificates.Serve(mutual));
        await using var model = await MockResponsesServer.StartAsync(new MockTurn.Text("hello over tls"));
        using var codex = new CodexRunner();
        var tls = new Dictionary<string, string> { ["ca-certificate"] = _certificates.CaPath };
        if (mutual)
        {
            tls["client-certificate"] = _certificates.ClientCertificatePath;
            tls["client-private-key"] = _certificates.ClientKeyPath;
        }

        var run = await codex.ExecAsync("say hello", model.BaseUrl, new CodexTelemetry { OtlpBaseUrl = recorder.HttpEndpoint, Tls = tls });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("https", recorder.HttpEndpoint.Scheme);
        var ledger = recorder.ReadLedger();
        Assert.True(ledger.EventNames().Contains("codex.conversation_starts"), $"Codex's exporter failed (its stderr says why)\n{run}");
        Assert.Contains(ledger.Spans, s => s.Item.Name == "run_turn");
    }

    public void Dispose() => _certificates.Dispose();
}
