using System.Text;
using CodexOtel.Importing;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Pipeline;
using CodexOtel.Processors.Redaction;
using CodexOtel.Tests.Codex;
using CodexOtel.Tests.E2E.Support;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodexOtel.Tests.Processors.Redaction;

/// <summary>
/// Redaction in the one pipeline keeps the fast paths for what holds no secret: OTLP/protobuf is transcoded from its
/// bytes and an imported collector line is appended as read; what holds one is decoded, redacted and re-encoded.
/// </summary>
public sealed class RedactionPipelineTests
{
    private static readonly string Secret = new FakeSecrets(5).For("github_token");

    [Fact]
    public async Task A_protobuf_request_without_a_secret_goes_to_the_ledger_from_its_bytes_and_one_with_a_secret_is_redacted()
    {
        using var dir = new TempDirectory("redaction-pipeline");
        var clean = Request("run the tests");
        var secret = Request($"git push https://{Secret}@github.com/example/app.git");

        long decoded;
        await using (var writer = LedgerWriter.Open(DataDirectory.OpenForWriting(dir.Path), new LedgerOptions(), NullLogger.Instance))
        {
            var pipeline = new ExportPipeline(ExportProcessors.Create(new RedactionOptions()), new LedgerSink(writer, new LedgerOptions()));
            await pipeline.ExportProtobufAsync(Signal.Logs, clean.ToByteArray(), sender: null, CancellationToken.None);
            Assert.Equal(0, pipeline.DecodedForProcessors);
            await pipeline.ExportProtobufAsync(Signal.Logs, secret.ToByteArray(), sender: null, CancellationToken.None);
            decoded = pipeline.DecodedForProcessors;
        }

        Assert.Equal(1, decoded);
        var lines = LedgerReader.ReadLines(dir.Path, Signal.Logs).ToList();
        Assert.Equal(Transcoded(clean), lines[0]);
        Assert.DoesNotContain(Secret, lines[1], StringComparison.Ordinal);
        Assert.Contains("git push https://[REDACTED:github_token]@github.com", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"codex_otel.redacted\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_appends_a_collector_line_without_a_secret_as_read_and_redacts_one_with_a_secret_before_the_index_sees_it()
    {
        using var dir = new TempDirectory("redaction-import");
        var cleanLine = OtlpJson.Encode(Signal.Logs, Request("run the tests"));
        var secretLine = OtlpJson.Encode(Signal.Logs, Request($"export GITHUB_TOKEN={Secret}"));
        var requests = new[] { cleanLine, secretLine }.Select(l => new ImportRequest(Signal.Logs, Encoding.UTF8.GetBytes(l))).ToList();

        await using (var sink = LedgerImportSink.Open(dir.Path))
        {
            foreach (var request in requests)
            {
                sink.LedgerLines(Signal.Logs, request, LineHash.Of(request.Line!.Value.Span));
            }

            Assert.True(sink.WritesAsRead(requests[0]));
            Assert.False(sink.WritesAsRead(requests[1]));
            await sink.SendAsync(Signal.Logs, requests, CancellationToken.None);
        }

        var lines = LedgerReader.ReadLines(dir.Path, Signal.Logs).ToList();
        Assert.Equal(cleanLine, lines[0]);
        Assert.DoesNotContain(Secret, lines[1], StringComparison.Ordinal);
        Assert.Contains("export GITHUB_TOKEN=[REDACTED:github_token]", lines[1], StringComparison.Ordinal);
    }

    private static OpenTelemetry.Proto.Collector.Logs.V1.ExportLogsServiceRequest Request(string command) =>
        CodexRecords.Request(CodexRecords.Event("codex.tool_decision", 0, ("tool_name", "shell"), ("arguments", $"{{\"command\":[\"bash\",\"-lc\",\"{command}\"]}}")));

    private static string Transcoded(IMessage request)
    {
        using var batch = LedgerLineEncoder.TryTranscode(Signal.Logs, request.ToByteArray(), new LedgerOptions().MaxLineBytes, stamp: null, out _)!;
        return Encoding.UTF8.GetString(batch.Span).TrimEnd('\n');
    }
}
