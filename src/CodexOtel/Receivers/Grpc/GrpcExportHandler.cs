using CodexOtel.Metrics.Health;
using CodexOtel.Otlp;
using CodexOtel.Pipeline;
using CodexOtel.Receivers.Keys;
using Grpc.Core;

namespace CodexOtel.Receivers.Grpc;

/// <summary>What the three gRPC methods share: the API key check, handing the bytes on, and mapping errors to status codes.</summary>
internal sealed class GrpcExportHandler(IExportSink sink, ApiKeyCheck apiKey, RecorderTelemetry telemetry, ILogger<GrpcExportHandler> log)
{
    private const string Transport = "grpc";

    public async Task<ExportOutcome> ExportAsync(Signal signal, GrpcPayload request, ServerCallContext context)
    {
        try
        {
            ValueTask<ExportOutcome> export;
            using (request)
            {
                var headers = context.RequestHeaders;
                if (!apiKey.TryAuthorize(headers.GetValue("authorization"), headers.GetValue("x-api-key"), KeyRole.Ingest, out var keyName))
                {
                    telemetry.Refused(signal, Transport, RefusalReasons.Unauthorized);
                    throw new RpcException(new Status(StatusCode.Unauthenticated, "missing or wrong API key; send the header authorization: Bearer <key>"));
                }

                // The sink reads the bytes before it returns, so they go back to the pool while the write is awaited.
                var sender = ExportSender.Of(keyName, context.GetHttpContext().Connection.RemoteIpAddress);
                export = sink.ExportProtobufAsync(signal, request.Span, sender, context.CancellationToken);
            }

            var outcome = await export.ConfigureAwait(false);
            telemetry.Took(signal, Transport, outcome.AcceptedRecords, outcome.RejectedRecords);
            return outcome;
        }
        catch (InvalidExportRequestException e)
        {
            telemetry.Refused(signal, Transport, RefusalReasons.Invalid);
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        catch (ExportTooLargeException e)
        {
            telemetry.Refused(signal, Transport, RefusalReasons.TooLarge);
            throw new RpcException(new Status(StatusCode.ResourceExhausted, e.Message));
        }
        catch (ExportRefusedException e)
        {
            log.LogWarning("OTLP/gRPC {Signal} refused: {Reason}", signal, e.Kind);
            telemetry.Refused(signal, Transport, e.Kind == RefusalKind.Overloaded ? RefusalReasons.Overloaded : RefusalReasons.Unavailable);

            // UNAVAILABLE is the retryable code of OTLP/gRPC; the pushback trailer says when.
            var trailers = new Metadata { { "grpc-retry-pushback-ms", ((long)e.RetryAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) } };
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message), trailers);
        }
    }
}
