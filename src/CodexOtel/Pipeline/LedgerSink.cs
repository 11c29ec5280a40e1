using CodexOtel.Ledger;
using CodexOtel.Otlp;
using Google.Protobuf;

namespace CodexOtel.Pipeline;

/// <summary>
/// The pipeline's last stage: encodes a request into ledger lines on the caller's thread, each resource stamped with
/// its sender (<see cref="ExportSender"/>) if it has one, and waits for the group commit; or appends what import
/// prepared (<see cref="AppendAllAsync"/>).
/// </summary>
public sealed class LedgerSink(LedgerWriter ledger, LedgerOptions options) : IExportSink
{
    private static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan UnavailableRetry = TimeSpan.FromSeconds(5);

    /// <summary>Shown each protobuf request written as one line, for a note that goes with it (serve's spanmetrics).</summary>
    internal ILedgerLineObserver? LineObserver { get; init; }

    /// <summary>A ledger line is shorter than this; a longer request is split over several.</summary>
    public int MaxLineBytes => options.MaxLineBytes;

    public ValueTask<ExportOutcome> ExportAsync(Signal signal, IMessage request, ExportSender? sender, CancellationToken cancellationToken)
    {
        var records = RequestSplitter.CountRecords(request);
        if (records == 0)
        {
            return ValueTask.FromResult(ExportOutcome.Accepted);
        }

        sender?.Stamp.Apply(request);
        return AppendAsync(signal, Encode(signal, request), records);
    }

    /// <summary>Writes the ledger line straight from the protobuf bytes when it can, else decodes them first.</summary>
    public ValueTask<ExportOutcome> ExportProtobufAsync(Signal signal, ReadOnlySpan<byte> request, ExportSender? sender, CancellationToken cancellationToken) =>
        ExportProtobufAsync(signal, request, decoded: null, sender, cancellationToken);

    /// <summary>As <see cref="ExportProtobufAsync(Signal, ReadOnlySpan{byte}, ExportSender?, CancellationToken)"/>, given the bytes' request if it was decoded already.</summary>
    public ValueTask<ExportOutcome> ExportProtobufAsync(Signal signal, ReadOnlySpan<byte> request, IMessage? decoded, ExportSender? sender, CancellationToken cancellationToken)
    {
        var capture = LineObserver?.Begin(signal);
        if (LedgerLineEncoder.TryTranscode(signal, request, options.MaxLineBytes, sender?.Stamp, out var records, capture) is not { } batch)
        {
            capture?.Discard();
            if (decoded is not null)
            {
                return ExportAsync(signal, decoded, sender, cancellationToken);
            }

            // Decoded objects live until the lines are encoded, which ExportAsync does before it returns.
            using (DecodeBudget.Shared.Admit(ExportLimits.CheckProtobuf(signal, request)))
            {
                return ExportAsync(signal, ExportRequests.DecodeProtobuf(signal, request, limitsChecked: true), sender, cancellationToken);
            }
        }

        if (records == 0)
        {
            capture?.Discard();
            batch.Dispose();
            return ValueTask.FromResult(ExportOutcome.Accepted);
        }

        if (batch.LineCount == 1 && batch.RejectedRecords == 0)
        {
            batch.Note = capture?.Complete();
        }
        else
        {
            capture?.Discard();
        }

        return AppendAsync(signal, batch, records);
    }

    public EncodedBatch Encode(Signal signal, IMessage request) => LedgerLineEncoder.Encode(signal, request, options.MaxLineBytes);

    /// <summary>
    /// Appends prepared requests in order: collector lines as they were read, gathered into appends of up to a group
    /// commit each, and encoded lines as they are. All are queued before any is awaited, so that they share group
    /// commits (past the writer's pending limit, what is queued is awaited first). Completes once all are durable;
    /// returns the records refused (each alone too large for a line).
    /// </summary>
    /// <exception cref="LedgerUnavailableException">the ledger cannot write</exception>
    public async Task<long> AppendAllAsync(Signal signal, IReadOnlyList<PreparedExport> requests)
    {
        var rejected = 0L;
        var appends = new List<Task>();
        var verbatim = new List<ReadOnlyMemory<byte>>();
        var verbatimBytes = 0;
        foreach (var request in requests)
        {
            if (request.Verbatim is { } line && verbatimBytes + line.Length < options.MaxGroupCommitBytes)
            {
                verbatim.Add(line);
                verbatimBytes += line.Length + 1;
                continue;
            }

            await QueueAsync(signal, Verbatim(verbatim, verbatimBytes), appends).ConfigureAwait(false);
            verbatim.Clear();
            verbatimBytes = 0;
            if (request.Verbatim is { } next)
            {
                verbatim.Add(next);
                verbatimBytes += next.Length + 1;
            }
            else if (request.Encoded is { } batch)
            {
                rejected += batch.RejectedRecords;
                await QueueAsync(signal, batch, appends).ConfigureAwait(false);
            }
        }

        await QueueAsync(signal, Verbatim(verbatim, verbatimBytes), appends).ConfigureAwait(false);
        await Task.WhenAll(appends).ConfigureAwait(false);
        return rejected;
    }

    private async ValueTask<ExportOutcome> AppendAsync(Signal signal, EncodedBatch batch, long records)
    {
        var outcome = new ExportOutcome(batch.RejectedRecords, batch.RejectReason) { AcceptedRecords = records - batch.RejectedRecords };
        if (batch.LineCount == 0)
        {
            batch.Dispose();
            return outcome;
        }

        try
        {
            // Not cancellable: once queued, the lines are written whether or not the client still waits.
            await ledger.AppendAsync(signal, batch).ConfigureAwait(false);
        }
        catch (LedgerBusyException e)
        {
            batch.Dispose();
            throw new ExportRefusedException(RefusalKind.Overloaded, e.Message, BusyRetry);
        }
        catch (LedgerUnavailableException e)
        {
            batch.Dispose();
            throw new ExportRefusedException(RefusalKind.Unavailable, e.Message, UnavailableRetry);
        }

        return outcome;
    }

    // Past the writer's pending limit, wait for what is queued, then go on.
    private async Task QueueAsync(Signal signal, EncodedBatch? batch, List<Task> appends)
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
                appends.Add(ledger.AppendAsync(signal, batch));
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
