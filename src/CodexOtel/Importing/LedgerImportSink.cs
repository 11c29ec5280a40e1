using CodexOtel.Ledger;
using CodexOtel.Otlp;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodexOtel.Importing;

/// <summary>
/// Appends to the data folder's ledger through its <see cref="LedgerWriter"/>, as <c>serve</c> does. A collector line
/// (already compact OTLP-JSON, and checked to decode) is appended as it was read, so the ledger keeps the imported
/// bytes; anything else is encoded as serve encodes it.
/// </summary>
internal sealed class LedgerImportSink : IImportSink
{
    private readonly LedgerWriter _writer;
    private readonly LedgerOptions _options;

    private LedgerImportSink(LedgerWriter writer, LedgerOptions options)
    {
        _writer = writer;
        _options = options;
    }

    public string Description => "the ledger";

    public bool IndexedByServe => false;

    public bool WritesVerbatim(int lineLength) => lineLength < _options.MaxLineBytes;

    // A line too long to write as it is (1 MiB or more, rare) is encoded twice: here, and when it is sent.
    public IReadOnlyList<UInt128> LedgerLines(Signal signal, ImportRequest request, UInt128 lineHash)
    {
        if (request.Line is { } line && WritesVerbatim(line.Length))
        {
            return [lineHash];
        }

        using var batch = LedgerLineEncoder.Encode(signal, request.Request, _options.MaxLineBytes);
        return LineHash.OfLines(batch.Span);
    }

    /// <exception cref="LedgerLockedException">a recorder started writing to the folder meanwhile</exception>
    public static LedgerImportSink Open(string dataDir, LedgerOptions? options = null)
    {
        options ??= new LedgerOptions();
        return new LedgerImportSink(LedgerWriter.Open(DataDirectory.OpenForWriting(dataDir), options, NullLogger.Instance), options);
    }

    public async Task<long> SendAsync(Signal signal, IReadOnlyList<ImportRequest> requests, CancellationToken cancellationToken)
    {
        var rejected = 0L;
        var appends = new List<Task>();
        var verbatim = new List<ReadOnlyMemory<byte>>();
        var verbatimBytes = 0;
        foreach (var request in requests)
        {
            var line = request.Line;
            if (line is { } l && WritesVerbatim(l.Length) && verbatimBytes + l.Length < _options.MaxGroupCommitBytes)
            {
                verbatim.Add(l);
                verbatimBytes += l.Length + 1;
                continue;
            }

            await AppendAsync(signal, Verbatim(verbatim, verbatimBytes), appends).ConfigureAwait(false);
            (verbatim, verbatimBytes) = ([], 0);
            if (line is { } next && WritesVerbatim(next.Length))
            {
                verbatim.Add(next);
                verbatimBytes += next.Length + 1;
                continue;
            }

            var batch = LedgerLineEncoder.Encode(signal, request.Request, _options.MaxLineBytes);
            rejected += batch.RejectedRecords;
            await AppendAsync(signal, batch, appends).ConfigureAwait(false);
        }

        await AppendAsync(signal, Verbatim(verbatim, verbatimBytes), appends).ConfigureAwait(false);
        await Task.WhenAll(appends).ConfigureAwait(false);
        return rejected;
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    // Queued appends share one group commit. Past the writer's pending limit, wait for what is queued, then go on.
    private async Task AppendAsync(Signal signal, EncodedBatch? batch, List<Task> appends)
    {
        if (batch is null || batch.LineCount == 0)
        {
            batch?.Dispose();
            return;
        }

        while (true)
        {
            try
            {
                appends.Add(_writer.AppendAsync(signal, batch));
                return;
            }
            catch (LedgerBusyException) when (appends.Count > 0)
            {
                await Task.WhenAll(appends).ConfigureAwait(false);
                appends.Clear();
            }
        }
    }

    private static EncodedBatch? Verbatim(List<ReadOnlyMemory<byte>> lines, int length)
    {
        if (lines.Count == 0)
        {
            return null;
        }

        var buffer = BufferPool.Lines.Rent(length);
        var at = 0;
        foreach (var line in lines)
        {
            line.Span.CopyTo(buffer.AsSpan(at));
            at += line.Length;
            buffer[at++] = (byte)'\n';
        }

        return new EncodedBatch(BufferPool.Lines, buffer, at, lines.Count, 0, null);
    }
}
