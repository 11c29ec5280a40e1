using System.Text;
using CodexOtel.Importing;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Pipeline;
using CodexOtel.Store;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Importing;

namespace CodexOtel.Tests.Pipeline;

/// <summary><c>import</c> without serve hands its requests to the same pipeline as serve's receivers.</summary>
public sealed class ImportPipelineTests
{
    /// <summary>Collector lines as a collector may write them, with a space our encoder would not write: re-encoding shows.</summary>
    private static readonly List<string> Lines = [.. ImportTestData.SeedLines(4).Select(l => l.Replace("{\"resourceLogs\":", "{\"resourceLogs\": ", StringComparison.Ordinal))];

    [Fact]
    public async Task A_mutating_processor_sees_the_records_of_collector_files_and_rollouts_and_the_ledger_holds_its_change()
    {
        using var dir = new TempDirectory("pipeline-import");
        var data = dir.Sub("data");
        var collector = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), Lines);
        var rollout = Path.Combine(dir.Sub("sessions"), "rollout-tool-turn.jsonl");
        File.Copy(ImportTestData.FixtureRollout, rollout);
        var stamper = new StampingProcessor(mutates: true);

        var summary = await ImportAsync(data, [collector, rollout], stamper);

        Assert.True(summary.RolloutRecords > 0);
        Assert.True(summary.Records > summary.RolloutRecords);
        Assert.Equal(summary.Records, stamper.Records(Signal.Logs));
        var ledger = LedgerContents.Read(data);
        Assert.Equal(summary.Records, ledger.Logs.Count());
        Assert.True(StampingProcessor.AllStamped(ledger.LogRequests.SelectMany(r => r.ResourceLogs).Select(r => r.Resource)));
    }

    [Fact]
    public async Task Without_a_processor_import_appends_collector_lines_byte_for_byte()
    {
        using var dir = new TempDirectory("pipeline-import");
        var data = dir.Sub("data");
        var collector = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), Lines);

        await ImportAsync(data, [collector]);

        Assert.NotEqual(Lines[0], Reencoded(Lines[0]));
        Assert.Equal(Lines, LedgerReader.ReadLines(data, Signal.Logs));
    }

    [Fact]
    public async Task An_observing_processor_sees_the_imported_records_and_the_ledger_still_holds_the_lines_as_read()
    {
        using var dir = new TempDirectory("pipeline-import");
        var data = dir.Sub("data");
        var collector = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), Lines);
        var observer = new StampingProcessor(mutates: false);

        var summary = await ImportAsync(data, [collector], observer);

        Assert.True(summary.Records > 0);
        Assert.Equal(summary.Records, observer.Records(Signal.Logs));
        Assert.Equal(Lines, LedgerReader.ReadLines(data, Signal.Logs));
    }

    [Fact]
    public async Task With_a_mutating_processor_the_ledger_lines_import_predicts_are_the_lines_it_writes_and_each_request_is_processed_once()
    {
        using var dir = new TempDirectory("pipeline-import");
        var data = dir.Sub("data");
        var stamper = new StampingProcessor(mutates: true);
        var requests = Lines.Select(l => new ImportRequest(Signal.Logs, Encoding.UTF8.GetBytes(l))).ToList();

        await using (var sink = LedgerImportSink.Open(data, [stamper]))
        {
            var predicted = requests.SelectMany((r, i) => sink.LedgerLines(Signal.Logs, r, LineHash.Of(Encoding.UTF8.GetBytes(Lines[i])))).ToList();
            Assert.All(requests, r => Assert.False(sink.WritesAsRead(r)));
            await sink.SendAsync(Signal.Logs, requests, CancellationToken.None);

            var written = LedgerReader.ReadLines(data, Signal.Logs).Select(l => LineHash.Of(Encoding.UTF8.GetBytes(l))).ToList();
            Assert.Equal(predicted, written);
        }

        var records = Lines.Sum(l => RequestSplitter.CountRecords(OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(l))));
        Assert.Equal(records, stamper.Records(Signal.Logs));
    }

    [Fact]
    public async Task Lines_a_dead_import_wrote_through_a_mutating_processor_are_not_written_again()
    {
        using var dir = new TempDirectory("pipeline-import");
        var data = dir.Sub("data");
        var lines = ImportTestData.SeedLines(600, perLine: 40);
        var files = InputFiles.Find([ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), lines)], data, []);

        await Assert.ThrowsAsync<InterruptedImportTests.ImportKilled>(
            () => InterruptedImportTests.ImportAsync(data, files, () => LedgerImportSink.Open(data, [new StampingProcessor(mutates: true)]), dieAfterSends: 2));
        var left = LedgerReader.ReadLines(data, Signal.Logs).Count();
        Assert.True(left > 0);

        var summary = await InterruptedImportTests.ImportAsync(data, files, () => LedgerImportSink.Open(data, [new StampingProcessor(mutates: true)]));

        var ledger = LedgerReader.ReadLines(data, Signal.Logs).ToList();
        Assert.Equal(lines.Count, ledger.Count);
        Assert.Equal(left, summary.SkippedLines);
    }

    private static async Task<ImportSummary> ImportAsync(string data, IEnumerable<string> paths, params IExportProcessor[] processors)
    {
        var files = InputFiles.Find(paths, data, []);
        using var manifest = ImportManifest.Open(data);
        await using var sink = LedgerImportSink.Open(data, processors);
        using var store = ConversationStores.Open(data);
        return await new Importer(data, sink, manifest, store) { IndexAtEnd = false }.RunAsync(files, null, CancellationToken.None);
    }

    private static string Reencoded(string line)
    {
        using var batch = LedgerLineEncoder.Encode(Signal.Logs, OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(line)), new LedgerOptions().MaxLineBytes);
        return Encoding.UTF8.GetString(batch.Span).TrimEnd('\n');
    }
}
