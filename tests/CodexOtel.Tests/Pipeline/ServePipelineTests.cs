using System.Net;
using System.Text;
using System.Text.Json;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Pipeline;
using CodexOtel.Serve;
using CodexOtel.Tests.Codex;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Receivers;
using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Tests.Pipeline;

/// <summary>serve's receivers hand every request to the pipeline: its processors, then the ledger.</summary>
public sealed class ServePipelineTests
{
    [Fact]
    public async Task A_mutating_processor_sees_what_http_protobuf_http_json_and_grpc_receive_and_the_ledger_holds_its_change()
    {
        var stamper = new StampingProcessor(mutates: true);
        await using var recorder = await PipelineRecorder.StartAsync(stamper);
        var spans = OtlpRequests.Spans(3);
        var metrics = OtlpRequests.Metrics();
        var logs = CodexRecords.Request(CodexRecords.Event("codex.user_prompt", 0, ("conversation.id", "c1")), CodexRecords.FlushingMetrics());

        await recorder.PostAsync("/v1/traces", OtlpRequests.Protobuf(spans));
        await recorder.PostAsync("/v1/metrics", OtlpRequests.Content(Json(Signal.Metrics, metrics), "application/json"));
        using (var channel = GrpcChannel.ForAddress(recorder.Host.GrpcEndpoint))
        {
            await new LogsService.LogsServiceClient(channel).ExportAsync(logs);
        }

        Assert.Equal(3, stamper.Records(Signal.Traces));
        Assert.Equal(RequestSplitter.CountRecords(metrics), stamper.Records(Signal.Metrics));
        Assert.Equal(2, stamper.Records(Signal.Logs));
        var ledger = await recorder.StopAndReadAsync();
        Assert.True(StampingProcessor.AllStamped(ledger.TraceRequests.SelectMany(r => r.ResourceSpans).Select(r => r.Resource)));
        Assert.True(StampingProcessor.AllStamped(ledger.MetricRequests.SelectMany(r => r.ResourceMetrics).Select(r => r.Resource)));
        Assert.True(StampingProcessor.AllStamped(ledger.LogRequests.SelectMany(r => r.ResourceLogs).Select(r => r.Resource)));
    }

    [Fact]
    public async Task With_no_processor_protobuf_goes_to_the_ledger_transcoded_from_its_bytes_without_being_decoded()
    {
        await using var recorder = await PipelineRecorder.StartAsync();
        var body = OtlpRequests.Spans(3).ToByteArray();

        await recorder.PostAsync("/v1/traces", OtlpRequests.Content(body, "application/x-protobuf"));
        using (var channel = GrpcChannel.ForAddress(recorder.Host.GrpcEndpoint))
        {
            await new TraceService.TraceServiceClient(channel).ExportAsync(ExportTraceServiceRequest.Parser.ParseFrom(body));
        }

        Assert.Equal(0, recorder.Pipeline.DecodedForProcessors);
        var ledger = await recorder.StopAndReadAsync();
        Assert.Equal([Transcoded(body), Transcoded(body)], ledger.Lines[Signal.Traces]);
    }

    [Fact]
    public async Task An_observing_processor_sees_each_request_decoded_and_the_ledger_holds_what_it_would_without_it()
    {
        var observer = new StampingProcessor(mutates: false);
        await using var recorder = await PipelineRecorder.StartAsync(observer);
        var body = OtlpRequests.Spans(3).ToByteArray();

        await recorder.PostAsync("/v1/traces", OtlpRequests.Content(body, "application/x-protobuf"));
        using (var channel = GrpcChannel.ForAddress(recorder.Host.GrpcEndpoint))
        {
            await new TraceService.TraceServiceClient(channel).ExportAsync(ExportTraceServiceRequest.Parser.ParseFrom(body));
        }

        Assert.Equal(6, observer.Records(Signal.Traces));
        Assert.Equal(2, recorder.Pipeline.DecodedForProcessors);
        var ledger = await recorder.StopAndReadAsync();
        Assert.Equal([Transcoded(body), Transcoded(body)], ledger.Lines[Signal.Traces]);
    }

    // The line serve writes for the bytes a loopback client sent without a key.
    private static string Transcoded(byte[] body)
    {
        using var batch = LedgerLineEncoder.TryTranscode(Signal.Traces, body, new LedgerOptions().MaxLineBytes, ServeStamps.LoopbackWithoutKey.Stamp, out _)!;
        return Encoding.UTF8.GetString(batch.Span).TrimEnd('\n');
    }

    private static byte[] Json(Signal signal, IMessage request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            OtlpJsonEncoder.Write(json, signal, request);
        }

        return buffer.ToArray();
    }

    /// <summary>A recorder whose sink is a pipeline of the given processors over a ledger in a fresh folder.</summary>
    private sealed class PipelineRecorder : IAsyncDisposable
    {
        private readonly TempDirectory _dir;
        private readonly LedgerWriter _writer;
        private readonly HttpClient _http = new();
        private bool _stopped;

        private PipelineRecorder(TempDirectory dir, LedgerWriter writer, ExportPipeline pipeline, RecorderHost host)
        {
            _dir = dir;
            _writer = writer;
            Pipeline = pipeline;
            Host = host;
        }

        public ExportPipeline Pipeline { get; }

        public RecorderHost Host { get; }

        public static async Task<PipelineRecorder> StartAsync(params IExportProcessor[] processors)
        {
            var dir = new TempDirectory("pipeline");
            var options = new LedgerOptions();
            var writer = LedgerWriter.Open(DataDirectory.OpenForWriting(dir.Path), options, NullLogger.Instance);
            var pipeline = new ExportPipeline(processors, new LedgerSink(writer, options));
            var host = await RecorderHost.StartAsync(
                new ServeOptions { DataDir = dir.Path, GrpcAddress = "127.0.0.1:0", HttpAddress = "127.0.0.1:0" },
                pipeline,
                CancellationToken.None);
            return new PipelineRecorder(dir, writer, pipeline, host);
        }

        public async Task PostAsync(string path, HttpContent content)
        {
            using var response = await _http.PostAsync(new Uri(Host.HttpEndpoint, path), content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        /// <summary>Stops serve and the ledger, then reads what the ledger holds.</summary>
        public async Task<LedgerContents> StopAndReadAsync()
        {
            await StopAsync();
            return LedgerContents.Read(_dir.Path);
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _http.Dispose();
            _dir.Dispose();
        }

        private async Task StopAsync()
        {
            if (!_stopped)
            {
                _stopped = true;
                await Host.DisposeAsync();
                await _writer.DisposeAsync();
            }
        }
    }
}
