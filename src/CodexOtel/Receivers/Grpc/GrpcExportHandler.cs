using CodexOtel.Otlp;
using CodexOtel.Pipeline;
using Google.Protobuf;
using Grpc.Core;

namespace CodexOtel.Receivers.Grpc;

/// <summary>What the three gRPC services share: the API key check and mapping refusals to UNAVAILABLE.</summary>
internal sealed class GrpcExportHandler(IExportSink sink, ApiKeyCheck apiKey, ILogger<GrpcExportHandler> log)
{
    public async Task<ExportOutcome> ExportAsync(Signal signal, IMessage request, ServerCallContext context)
    {
        if (!apiKey.IsAuthorized(context.RequestHeaders.GetValue("authorization"), context.RequestHeaders.GetValue("x-api-key")))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing or wrong API key; send the header authorization: Bearer <key>"));
        }

        if (OtlpIdValidator.FindInvalidId(request) is { } invalid)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, invalid));
        }

        try
        {
            return await sink.ExportAsync(signal, request, context.CancellationToken).ConfigureAwait(false);
        }
        catch (ExportRefusedException e)
        {
            log.LogWarning("OTLP/gRPC {Signal} refused: {Reason}", signal, e.Kind);

            // UNAVAILABLE is the retryable code of OTLP/gRPC; the pushback trailer says when.
            var trailers = new Metadata { { "grpc-retry-pushback-ms", ((long)e.RetryAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) } };
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message), trailers);
        }
    }
}
