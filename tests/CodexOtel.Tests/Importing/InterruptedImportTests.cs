using System.Text;
using CodexOtel.Importing;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Serve;
using CodexOtel.Store;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Receivers;
using Google.Protobuf;

namespace CodexOtel.Tests.Importing;

/// <summary>
/// An import that dies after the ledger made a chunk durable but before its manifest learned so: the next import finds
/// that chunk in the ledger and does not write it again, straight into the ledger or through serve.
/// </summary>
public sealed class InterruptedImportTests
{
    /// <summary>Enough lines for several 1 MiB chunks of the import.</summary>
    private static readonly List<string> Lines = ImportTestData.SeedLines(600, perLine: 40);

    [Fact]
    public async Task Lines_the_ledger_holds_but_a_dead_import_did_not_record_are_not_written_again()
    {
        using var dir = new TempDirectory("import-interrupted");
        var data = dir.Sub("data");
        var files = InputFiles.Find([ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), Lines)], data, []);

        await Assert.ThrowsAsync<ImportKilled>(() => ImportAsync(data, files, () => LedgerImportSink.Open(data), dieAfterSends: 2));
        var left = LedgerReader.ReadLines(data, Signal.Logs).ToList();
        Assert.NotEmpty(left);

        var summary = await ImportAsync(data, files, () => LedgerImportSink.Open(data));

        // Straight into the ledger, a collector line is written as it was read.
        var ledger = LedgerReader.ReadLines(data, Signal.Logs).ToList();
        Assert.Equal(ledger.Distinct().Count(), ledger.Count);
        Assert.Equal(Lines.Order(StringComparer.Ordinal), ledger.Order(StringComparer.Ordinal));
        Assert.Equal(left.Count, summary.SkippedLines);
        Assert.Equal(Lines.Count - left.Count, summary.Lines);
    }

    [Fact]
    public async Task Lines_serve_acknowledged_to_a_dead_import_are_not_sent_again()
    {
        await using var serve = await InProcessRecorder.StartAsync();
        using var dir = new TempDirectory("import-interrupted");
        var files = InputFiles.Find([ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), Lines)], serve.DataDir, []);
        var state = ServeState.TryRead(serve.DataDir)!;

        await Assert.ThrowsAsync<ImportKilled>(() => ImportAsync(serve.DataDir, files, () => new ServeImportSink(state, null), dieAfterSends: 2));
        var left = serve.ReadLedger().Lines[Signal.Logs].Count;
        Assert.True(left > 0);

        var summary = await ImportAsync(serve.DataDir, files, () => new ServeImportSink(state, null));

        // serve writes its own encoding of each request, stamped with its sender: compare what the lines hold.
        var ledger = serve.ReadLedger().LogRequests.Select(r => r.ToByteString().ToBase64()).ToList();
        var source = Lines.Select(l => ServeStamps.AsRecorded(OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(l))).ToByteString().ToBase64());
        Assert.Equal(ledger.Distinct().Count(), ledger.Count);
        Assert.Equal(source.Order(StringComparer.Ordinal), ledger.Order(StringComparer.Ordinal));
        Assert.Equal(left, summary.SkippedLines);
    }

    [Fact]
    public async Task Of_a_send_left_in_flight_the_lines_the_ledger_holds_after_where_it_began_are_recorded_and_the_others_are_not()
    {
        using var dir = new TempDirectory("import-interrupted");
        var data = dir.Sub("data");
        var lines = Lines.Take(5).Select(l => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(l)).ToList();
        var hashes = lines.Select(l => LineHash.Of(l.Span)).ToList();
        await using (var sink = LedgerImportSink.Open(data))
        {
            // Already in the ledger before the send began: not the send's doing.
            await sink.SendAsync(Signal.Logs, [new ImportRequest(Signal.Logs, lines[4])], CancellationToken.None);
        }

        using (var manifest = ImportManifest.Open(data))
        {
            manifest.WillSend([.. hashes.Select(h => (h, h))], [(Signal.Logs, new LedgerTailer(data, Signal.Logs).End())]);
        }

        // The ledger made two of the lines durable; then the import died.
        await using (var sink = LedgerImportSink.Open(data))
        {
            await sink.SendAsync(Signal.Logs, [new ImportRequest(Signal.Logs, lines[0]), new ImportRequest(Signal.Logs, lines[2])], CancellationToken.None);
        }

        using var reopened = ImportManifest.Open(data);
        Assert.Equal(2, InFlightLines.Reconcile(data, reopened));
        Assert.Equal([true, false, true, false, false], lines.Select((l, i) => reopened.HasLine(l.Span, hashes[i])));
        Assert.Null(reopened.Sending());
        Assert.Equal(0, InFlightLines.Reconcile(data, reopened));
    }

    /// <summary>One import run over the folder, as <c>codex-otel import</c> makes it (without indexing at the end).</summary>
    internal static async Task<ImportSummary> ImportAsync(string data, IReadOnlyList<InputFile> files, Func<IImportSink> open, int dieAfterSends = int.MaxValue)
    {
        using var manifest = ImportManifest.Open(data);
        await using var sink = new DyingSink(open(), dieAfterSends);
        using var store = ConversationStores.Open(data);
        return await new Importer(data, sink, manifest, store) { IndexAtEnd = false }.RunAsync(files, null, CancellationToken.None);
    }

    /// <summary>The process dying right after a send is durable, before the importer hears of it.</summary>
    internal sealed class ImportKilled() : Exception("killed");

    /// <summary>Passes sends on; the <c>dieAfter</c>-th completes (durable) and then fails as a killed process would.</summary>
    private sealed class DyingSink(IImportSink inner, int dieAfter) : IImportSink
    {
        private int _sends;

        public string Description => inner.Description;

        public bool IndexedByServe => inner.IndexedByServe;

        public bool WritesAsRead(ImportRequest request) => inner.WritesAsRead(request);

        public IReadOnlyList<UInt128> LedgerLines(Signal signal, ImportRequest request, UInt128 lineHash) => inner.LedgerLines(signal, request, lineHash);

        public async Task<long> SendAsync(Signal signal, IReadOnlyList<ImportRequest> requests, CancellationToken cancellationToken)
        {
            var rejected = await inner.SendAsync(signal, requests, cancellationToken).ConfigureAwait(false);
            return ++_sends == dieAfter ? throw new ImportKilled() : rejected;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
