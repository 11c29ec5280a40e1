using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Pipeline;
using CodexOtel.Processors.Redaction;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodexOtel.Importing;

/// <summary>
/// Writes to the data folder's ledger through the same <see cref="ExportPipeline"/> serve's receivers use (its
/// processors, then the ledger), with a <see cref="LedgerWriter"/> of its own. A collector line (already compact
/// OTLP-JSON, and checked to decode) that no processor changes or needs (e.g. one without a secret) is appended as it
/// was read, so the ledger keeps the imported bytes; anything else is encoded as serve encodes it.
/// </summary>
internal sealed class LedgerImportSink : IImportSink
{
    private readonly LedgerWriter _writer;
    private readonly ExportPipeline _pipeline;

    private LedgerImportSink(LedgerWriter writer, ExportPipeline pipeline)
    {
        _writer = writer;
        _pipeline = pipeline;
    }

    public string Description => "the ledger";

    public bool IndexedByServe => false;

    public bool WritesAsRead(ImportRequest request) => request.Prepared?.Verbatim is not null;

    // The processors run here, once, and the request keeps what they made for the send: the lines predicted are the
    // lines written, whatever a processor does.
    public IReadOnlyList<UInt128> LedgerLines(Signal signal, ImportRequest request, UInt128 lineHash)
    {
        var prepared = Prepare(signal, request);
        request.Prepared = prepared;
        return prepared.LedgerLines(lineHash);
    }

    /// <summary>Opens the folder's ledger behind the pipeline's processors (by default, <see cref="ExportProcessors"/> with redaction on).</summary>
    /// <exception cref="LedgerLockedException">a recorder started writing to the folder meanwhile</exception>
    public static LedgerImportSink Open(string dataDir, IEnumerable<IExportProcessor>? processors = null, LedgerOptions? options = null)
    {
        options ??= new LedgerOptions();
        var writer = LedgerWriter.Open(DataDirectory.OpenForWriting(dataDir), options, NullLogger.Instance);
        return new LedgerImportSink(writer, new ExportPipeline(processors ?? ExportProcessors.Create(new RedactionOptions()), new LedgerSink(writer, options)));
    }

    public Task<long> SendAsync(Signal signal, IReadOnlyList<ImportRequest> requests, CancellationToken cancellationToken) =>
        _pipeline.AppendAllAsync(signal, [.. requests.Select(r => r.Prepared ?? Prepare(signal, r))]);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private PreparedExport Prepare(Signal signal, ImportRequest request) =>
        request.Line is { } line ? _pipeline.PrepareLine(signal, line, () => request.Request) : _pipeline.Prepare(signal, request.Request);
}
