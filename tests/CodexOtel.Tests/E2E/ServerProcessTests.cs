using CodexOtel.Tests.E2E.Support;
using OpenTelemetry.Exporter;

namespace CodexOtel.Tests.E2E;

/// <summary>The real executable, <c>codex-otel serve</c>, run as its own process.</summary>
[Collection(RealClientsCollection.Name)]
public sealed class ServerProcessTests
{
    [Fact]
    public async Task Serve_as_a_separate_process_records_what_a_client_sent_and_exits_cleanly_on_sigterm()
    {
        using var dataDir = new TempDirectory("serve");
        await using var server = await ServerProcess.StartAsync(dataDir.Path);

        var sent = DotNetSdkClient.Send(server.HttpEndpoint, OtlpExportProtocol.HttpProtobuf, Guid.NewGuid().ToString("N"));
        var exitCode = await server.StopAsync();

        Assert.True(exitCode == 0, server.ToString());
        Assert.False(File.Exists(Path.Combine(dataDir.Path, "serve.json")), "serve.json is removed on a clean stop");
        SentTelemetryAssert.LedgerHoldsExactly(sent, LedgerContents.Read(dataDir.Path));
    }

    [Fact]
    public async Task Serve_killed_with_sigkill_keeps_what_it_acknowledged_and_a_restart_on_the_same_folder_serves_again()
    {
        using var dataDir = new TempDirectory("serve");
        var first = await ServerProcess.StartAsync(dataDir.Path);
        var firstPid = first.Pid;
        var sent = DotNetSdkClient.Send(first.GrpcEndpoint, OtlpExportProtocol.Grpc, Guid.NewGuid().ToString("N"));
        first.Kill();
        await first.DisposeAsync();

        SentTelemetryAssert.LedgerHoldsExactly(sent, LedgerContents.Read(dataDir.Path));

        // The stale serve.json names a dead pid; the new process must replace it and accept data.
        await using var second = await ServerProcess.StartAsync(dataDir.Path);
        Assert.NotEqual(firstPid, second.Pid);
        var more = await JsSdkClient.SendAsync(second.HttpEndpoint, Guid.NewGuid().ToString("N"));
        Assert.Equal(0, await second.StopAsync());

        var ledger = LedgerContents.Read(dataDir.Path);
        Assert.Equal(6, ledger.Spans.Count());
        Assert.Contains(ledger.Spans, s => s.Item.SpanId.Hex() == (string?)more["spans"]![0]!["spanId"]);
    }
}
