using CodexOtel.Tests.E2E.Support;
using OpenTelemetry.Exporter;

namespace CodexOtel.Tests.E2E;

/// <summary>
/// The OpenTelemetry .NET SDK exports a known set of spans, logs and metrics; the ledger must hold exactly
/// that, field for field.
/// </summary>
public sealed class DotNetSdkTests
{
    [Fact]
    public async Task DotNet_sdk_over_otlp_grpc_is_recorded_exactly_as_sent()
    {
        await using var recorder = await InProcessRecorder.StartAsync();

        var sent = DotNetSdkClient.Send(recorder.GrpcEndpoint, OtlpExportProtocol.Grpc, RunId());

        SentTelemetryAssert.LedgerHoldsExactly(sent, recorder.ReadLedger());
    }

    [Fact]
    public async Task DotNet_sdk_over_otlp_http_protobuf_is_recorded_exactly_as_sent()
    {
        await using var recorder = await InProcessRecorder.StartAsync();

        var sent = DotNetSdkClient.Send(recorder.HttpEndpoint, OtlpExportProtocol.HttpProtobuf, RunId());

        SentTelemetryAssert.LedgerHoldsExactly(sent, recorder.ReadLedger());
    }

    private static string RunId() => Guid.NewGuid().ToString("N");
}
