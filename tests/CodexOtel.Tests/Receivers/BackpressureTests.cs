using System.Net;
using CodexOtel.Otlp;
using CodexOtel.Pipeline;
using CodexOtel.Receivers;
using CodexOtel.Serve;
using CodexOtel.Tests.E2E.Support;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Tests.Receivers;

/// <summary>What clients are told when the recorder cannot take more: they must back off, never be dropped silently.</summary>
public sealed class BackpressureTests
{
    [Fact]
    public async Task Http_requests_beyond_the_in_flight_memory_budget_get_429_with_retry_after()
    {
        var sink = new HeldSink();
        // A request holds 16 KiB (its first read) until more arrives: the budget fits one, not two.
        await using var host = await StartAsync(sink, new ReceiverOptions { MaxInFlightBytes = 20_000 });
        using var http = new HttpClient();
        var url = new Uri(host.HttpEndpoint, "/v1/traces");

        var held = http.PostAsync(url, OtlpRequests.Protobuf(OtlpRequests.Spans(10)));
        await sink.Entered.Task;
        var refused = await http.PostAsync(url, OtlpRequests.Protobuf(OtlpRequests.Spans(10)));
        sink.Release.SetResult();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, (await held).StatusCode);
    }

    [Fact]
    public async Task Grpc_calls_beyond_the_concurrency_cap_get_unavailable()
    {
        var sink = new HeldSink();
        await using var host = await StartAsync(sink, new ReceiverOptions { MaxConcurrentGrpcExports = 1 });
        using var channel = GrpcChannel.ForAddress(host.GrpcEndpoint);
        var client = new TraceService.TraceServiceClient(channel);

        var held = client.ExportAsync(OtlpRequests.Spans(1)).ResponseAsync;
        await sink.Entered.Task;
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(OtlpRequests.Spans(1)).ResponseAsync);
        sink.Release.SetResult();

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        await held;
    }

    [Theory]
    [InlineData(RefusalKind.Overloaded, HttpStatusCode.TooManyRequests)]
    [InlineData(RefusalKind.Unavailable, HttpStatusCode.ServiceUnavailable)]
    public async Task A_refusing_ledger_is_reported_as_retryable_on_both_transports(RefusalKind kind, HttpStatusCode httpStatus)
    {
        await using var host = await StartAsync(new RefusingSink(kind), new ReceiverOptions());
        using var http = new HttpClient();
        using var channel = GrpcChannel.ForAddress(host.GrpcEndpoint);

        var response = await http.PostAsync(new Uri(host.HttpEndpoint, "/v1/traces"), OtlpRequests.Protobuf(OtlpRequests.Spans(1)));
        var grpc = await Assert.ThrowsAsync<RpcException>(() => new TraceService.TraceServiceClient(channel).ExportAsync(OtlpRequests.Spans(1)).ResponseAsync);

        Assert.Equal(httpStatus, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal(StatusCode.Unavailable, grpc.StatusCode);
        Assert.Equal("3000", grpc.Trailers.GetValue("grpc-retry-pushback-ms"));
    }

    [Fact]
    public async Task An_api_key_is_required_on_both_transports_when_set()
    {
        using var dir = new TempDirectory("auth");
        await using var host = await RecorderHost.StartAsync(new ServeOptions { DataDir = dir.Path, GrpcAddress = "127.0.0.1:0", HttpAddress = "127.0.0.1:0", ApiKey = "s3cret" });
        using var http = new HttpClient();
        using var channel = GrpcChannel.ForAddress(host.GrpcEndpoint);
        var client = new TraceService.TraceServiceClient(channel);
        var url = new Uri(host.HttpEndpoint, "/v1/traces");

        var anonymous = await http.PostAsync(url, OtlpRequests.Protobuf(OtlpRequests.Spans(1)));
        using var withKey = new HttpRequestMessage(HttpMethod.Post, url) { Content = OtlpRequests.Protobuf(OtlpRequests.Spans(1)) };
        withKey.Headers.Authorization = new("Bearer", "s3cret");
        var authorized = await http.SendAsync(withKey);
        var grpcAnonymous = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(OtlpRequests.Spans(1)).ResponseAsync);
        await client.ExportAsync(OtlpRequests.Spans(1), new Metadata { { "authorization", "Bearer s3cret" } });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, grpcAnonymous.StatusCode);
        Assert.Equal(2, LedgerContents.Read(dir.Path).Spans.Count());
    }

    [Fact]
    public async Task An_empty_presented_key_is_refused_on_both_transports()
    {
        using var dir = new TempDirectory("auth");
        await using var host = await RecorderHost.StartAsync(new ServeOptions { DataDir = dir.Path, GrpcAddress = "127.0.0.1:0", HttpAddress = "127.0.0.1:0", ApiKey = "s3cret" });
        using var http = new HttpClient();
        using var channel = GrpcChannel.ForAddress(host.GrpcEndpoint);
        var client = new TraceService.TraceServiceClient(channel);
        var url = new Uri(host.HttpEndpoint, "/v1/traces");

        using var emptyHeader = new HttpRequestMessage(HttpMethod.Post, url) { Content = OtlpRequests.Protobuf(OtlpRequests.Spans(1)) };
        emptyHeader.Headers.TryAddWithoutValidation("x-api-key", "");
        using var emptyBearer = new HttpRequestMessage(HttpMethod.Post, url) { Content = OtlpRequests.Protobuf(OtlpRequests.Spans(1)) };
        emptyBearer.Headers.TryAddWithoutValidation("Authorization", "Bearer  ");
        var httpEmptyHeader = await http.SendAsync(emptyHeader);
        var httpEmptyBearer = await http.SendAsync(emptyBearer);
        var grpc = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(OtlpRequests.Spans(1), new Metadata { { "x-api-key", "" } }).ResponseAsync);

        Assert.Equal(HttpStatusCode.Unauthorized, httpEmptyHeader.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, httpEmptyBearer.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, grpc.StatusCode);
        Assert.Empty(LedgerContents.Read(dir.Path).Spans);
    }

    [Fact]
    public async Task Malformed_ids_are_refused_as_invalid_on_both_transports()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        var request = OtlpRequests.Spans(1);
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].SpanId = ByteString.CopyFrom(1, 2, 3);
        using var http = new HttpClient();
        using var channel = GrpcChannel.ForAddress(recorder.GrpcEndpoint);

        var response = await http.PostAsync(new Uri(recorder.HttpEndpoint, "/v1/traces"), OtlpRequests.Protobuf(request));
        var grpc = await Assert.ThrowsAsync<RpcException>(() => new TraceService.TraceServiceClient(channel).ExportAsync(request).ResponseAsync);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, grpc.StatusCode);
        Assert.Contains("span id of 3 bytes", grpc.Status.Detail);
    }

    private static Task<RecorderHost> StartAsync(IExportSink sink, ReceiverOptions limits) =>
        RecorderHost.StartAsync(
            new ServeOptions { DataDir = Directory.CreateTempSubdirectory("codex-otel-bp-").FullName, GrpcAddress = "127.0.0.1:0", HttpAddress = "127.0.0.1:0", Limits = limits },
            sink,
            CancellationToken.None);

    /// <summary>Holds the first export until released, so that a second one meets a full recorder.</summary>
    private sealed class HeldSink : IExportSink
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<ExportOutcome> ExportAsync(Signal signal, IMessage request, ExportSender? sender, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task;
            return ExportOutcome.Accepted;
        }
    }

    private sealed class RefusingSink(RefusalKind kind) : IExportSink
    {
        public ValueTask<ExportOutcome> ExportAsync(Signal signal, IMessage request, ExportSender? sender, CancellationToken cancellationToken) =>
            throw new ExportRefusedException(kind, "full", TimeSpan.FromSeconds(3));
    }
}
