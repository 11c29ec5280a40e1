using CodexOtel.Tests.E2E.Support;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Tests.Receivers;

public class OtlpGrpcReceiverTests
{
    private static readonly Method<byte[], byte[]> ExportTraces = new(
        MethodType.Unary,
        TraceService.Descriptor.FullName,
        "Export",
        Marshallers.Create(b => b, b => b),
        Marshallers.Create(b => b, b => b));

    [Fact]
    public async Task Undecodable_protobuf_is_invalid_argument_and_the_next_request_is_kept()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        using var channel = GrpcChannel.ForAddress(recorder.GrpcEndpoint);
        var invoker = channel.CreateCallInvoker();
        var valid = OtlpRequests.Spans(3).ToByteArray();

        var truncated = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(ExportTraces, null, new CallOptions(), valid[..^5]).ResponseAsync);
        var garbage = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(ExportTraces, null, new CallOptions(), [0xFF, 0xFF, 0xFF]).ResponseAsync);
        var response = await invoker.AsyncUnaryCall(ExportTraces, null, new CallOptions(), valid).ResponseAsync;

        Assert.Equal(StatusCode.InvalidArgument, truncated.StatusCode);
        Assert.Contains("not a valid OTLP protobuf traces request", truncated.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, garbage.StatusCode);
        Assert.Empty(ExportTraceServiceResponse.Parser.ParseFrom(response).ToByteArray());
        Assert.Equal(3, recorder.ReadLedger().Spans.Count());
    }

    [Fact]
    public async Task A_request_too_large_for_one_ledger_line_is_split_and_every_record_kept()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        using var channel = GrpcChannel.ForAddress(recorder.GrpcEndpoint);
        var request = OtlpRequests.Spans(6000);
        Assert.True(request.CalculateSize() < 1 << 20, "the request must fit the fast path's input bound, not its output");

        await new TraceService.TraceServiceClient(channel).ExportAsync(request);

        var ledger = recorder.ReadLedger();
        Assert.True(ledger.Lines[CodexOtel.Otlp.Signal.Traces].Count > 1);
        Assert.All(ledger.Lines[CodexOtel.Otlp.Signal.Traces], line => Assert.True(line.Length <= 1 << 20));
        Assert.Equal(Enumerable.Range(0, 6000).Select(i => (long)i), ledger.Spans.Select(s => s.Item.Attributes[0].Value.IntValue));
    }

    [Fact]
    public async Task Logs_over_grpc_reach_the_ledger_exactly_as_sent()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        using var channel = GrpcChannel.ForAddress(recorder.GrpcEndpoint);
        var request = CodexOtel.Tests.Otlp.OtlpSamples.RichLogs();

        await new LogsService.LogsServiceClient(channel).ExportAsync(request);

        Assert.Equal(ServeStamps.AsRecorded(request), Assert.Single(recorder.ReadLedger().LogRequests));
    }
}
