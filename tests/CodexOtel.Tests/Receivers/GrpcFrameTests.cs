using System.Buffers.Binary;
using System.Net.Http.Headers;
using CodexOtel.Tests.E2E.Support;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Tests.Receivers;

/// <summary>gRPC message frames a client got wrong: each gets its status, no stack trace is logged, the server keeps serving.</summary>
[Collection(nameof(ProcessTestsCollection))]
public sealed class GrpcFrameTests
{
    private const string LogsExport = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

    [Fact]
    public async Task A_length_prefix_of_2_pow_31_is_resource_exhausted_and_a_corrupt_gzip_message_invalid_argument_with_no_stack_trace_logged()
    {
        using var dir = new TempDirectory("grpc-frame");
        await using var server = await ServerProcess.StartAsync(dir.Path);
        using var http = Http2Client();

        var huge = await SendAsync(http, server.GrpcEndpoint, Frame(compressed: false, 1u << 31, [0x0A, 0x00]));
        var corrupt = await SendAsync(http, server.GrpcEndpoint, Frame(compressed: true, 64, Noise(64)), "gzip");
        using var channel = GrpcChannel.ForAddress(server.GrpcEndpoint);
        await new TraceService.TraceServiceClient(channel).ExportAsync(OtlpRequests.Spans(2));
        var exitCode = await server.StopAsync();

        Assert.Equal(StatusCode.ResourceExhausted, huge.Status);
        Assert.Contains("send smaller batches", huge.Message);
        Assert.Equal(StatusCode.InvalidArgument, corrupt.Status);
        Assert.Contains("gzip", corrupt.Message);
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("   at ", server.Stderr);
        Assert.DoesNotContain("Exception", server.Stderr);
        Assert.Equal(2, LedgerContents.Read(dir.Path).Spans.Count());
    }

    [Fact]
    public async Task A_gzip_compressed_grpc_export_is_kept_as_sent()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        using var channel = GrpcChannel.ForAddress(recorder.GrpcEndpoint);
        var request = CodexOtel.Tests.Otlp.OtlpSamples.RichLogs();
        var compress = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        await new LogsService.LogsServiceClient(channel).ExportAsync(request, compress);

        Assert.Equal(ServeStamps.AsRecorded(request), Assert.Single(recorder.ReadLedger().LogRequests));
    }

    private static HttpClient Http2Client() => new() { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>A gRPC message frame: compressed flag, big-endian length (as claimed), then the bytes given.</summary>
    private static byte[] Frame(bool compressed, uint length, byte[] message)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), length);
        message.CopyTo(frame, 5);
        return frame;
    }

    private static byte[] Noise(int length)
    {
        var bytes = new byte[length];
        new Random(5).NextBytes(bytes);
        return bytes;
    }

    private static async Task<(StatusCode Status, string Message)> SendAsync(HttpClient http, Uri endpoint, byte[] frame, string? encoding = null)
    {
        // HTTP/2 with prior knowledge, as gRPC clients speak to a cleartext port.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, LogsExport))
        {
            Content = new ByteArrayContent(frame),
            Version = new Version(2, 0),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        // Trailers-only answers carry the status in the headers, others in the trailers.
        var headers = response.Headers.Contains("grpc-status") ? response.Headers : response.TrailingHeaders;
        var status = (StatusCode)int.Parse(headers.GetValues("grpc-status").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var message = headers.TryGetValues("grpc-message", out var values) ? Uri.UnescapeDataString(values.Single()) : "";
        return (status, message);
    }
}
