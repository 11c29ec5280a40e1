using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.E2E;

/// <summary>
/// The OpenTelemetry JS SDK (tests/clients/send-otlp-json.mjs, OTLP/HTTP JSON) exports a known set of spans, logs
/// and metrics; the ledger must hold exactly that, field for field. It runs as a node process, so it shares the
/// one-at-a-time collection with Codex.
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class JsSdkTests
{
    [Fact]
    public async Task Js_sdk_over_otlp_http_json_is_recorded_exactly_as_sent()
    {
        await using var recorder = await InProcessRecorder.StartAsync();

        var sent = await JsSdkClient.SendAsync(recorder.HttpEndpoint, Guid.NewGuid().ToString("N"));

        SentTelemetryAssert.LedgerHoldsExactly(sent, recorder.ReadLedger());
    }

    [Fact]
    public async Task Js_sdk_over_otlp_http_json_with_gzip_is_recorded_exactly_as_sent()
    {
        await using var recorder = await InProcessRecorder.StartAsync();

        var sent = await JsSdkClient.SendAsync(recorder.HttpEndpoint, Guid.NewGuid().ToString("N"), "gzip");

        SentTelemetryAssert.LedgerHoldsExactly(sent, recorder.ReadLedger());
    }
}
