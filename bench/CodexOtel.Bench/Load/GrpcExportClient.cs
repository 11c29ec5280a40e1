using System.Globalization;
using CodexOtel.Otlp;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Bench.Load;

/// <summary>
/// OTLP/gRPC over its own HTTP/2 connection, with a raw byte[] method: the request is already protobuf, so the
/// client does no serialization at all.
/// </summary>
internal sealed class GrpcExportClient : IExportClient
{
    private static readonly Marshaller<byte[]> PassThrough = Marshallers.Create(static (byte[] b) => b, static b => b);

    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;
    private readonly Method<byte[], byte[]> _method;
    private readonly Signal _signal;

    public GrpcExportClient(Uri endpoint, Signal signal)
    {
        _signal = signal;
        _channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            MaxSendMessageSize = null,
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, UseProxy = false },
        });
        _invoker = _channel.CreateCallInvoker();
        var service = signal switch
        {
            Signal.Traces => "opentelemetry.proto.collector.trace.v1.TraceService",
            Signal.Logs => "opentelemetry.proto.collector.logs.v1.LogsService",
            _ => "opentelemetry.proto.collector.metrics.v1.MetricsService",
        };
        _method = new Method<byte[], byte[]>(MethodType.Unary, service, "Export", PassThrough, PassThrough);
    }

    public async Task<ExportAttempt> SendAsync(byte[] request, CancellationToken cancellationToken)
    {
        try
        {
            using var call = _invoker.AsyncUnaryCall(_method, null, new CallOptions(cancellationToken: cancellationToken), request);
            var response = await call.ResponseAsync.ConfigureAwait(false);
            return ExportAttempt.Ok(Rejected(response));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && e.Trailers.GetValue("grpc-retry-pushback-ms") is { } pushback)
        {
            return ExportAttempt.PushedBack(TimeSpan.FromMilliseconds(long.Parse(pushback, CultureInfo.InvariantCulture)));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && e.Status.Detail.Contains("retry", StringComparison.OrdinalIgnoreCase))
        {
            return ExportAttempt.PushedBack(TimeSpan.FromSeconds(1));
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ExportAttempt.Failed($"gRPC {e.StatusCode}: {e.Status.Detail}");
        }
    }

    public void Dispose() => _channel.Dispose();

    private long Rejected(byte[] response) => response.Length == 0 ? 0 : _signal switch
    {
        Signal.Traces => ExportTraceServiceResponse.Parser.ParseFrom(response).PartialSuccess?.RejectedSpans ?? 0,
        Signal.Logs => ExportLogsServiceResponse.Parser.ParseFrom(response).PartialSuccess?.RejectedLogRecords ?? 0,
        _ => 0,
    };
}
