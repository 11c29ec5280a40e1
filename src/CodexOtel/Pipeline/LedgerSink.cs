using CodexOtel.Ledger;
using CodexOtel.Otlp;
using Google.Protobuf;

namespace CodexOtel.Pipeline;

/// <summary>Encodes a request into ledger lines on the caller's thread and waits for the group commit.</summary>
public sealed class LedgerSink(LedgerWriter ledger, LedgerOptions options) : IExportSink
{
    private static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan UnavailableRetry = TimeSpan.FromSeconds(5);

    public ValueTask<ExportOutcome> ExportAsync(Signal signal, IMessage request, CancellationToken cancellationToken) =>
        RequestSplitter.CountRecords(request) == 0
            ? ValueTask.FromResult(ExportOutcome.Accepted)
            : AppendAsync(signal, LedgerLineEncoder.Encode(signal, request, options.MaxLineBytes));

    /// <summary>Writes the ledger line straight from the protobuf bytes when it can, else decodes them first.</summary>
    public ValueTask<ExportOutcome> ExportProtobufAsync(Signal signal, ReadOnlySpan<byte> request, CancellationToken cancellationToken)
    {
        if (LedgerLineEncoder.TryTranscode(signal, request, options.MaxLineBytes, out var records) is not { } batch)
        {
            return ExportAsync(signal, ExportRequests.DecodeProtobuf(signal, request), cancellationToken);
        }

        if (records == 0)
        {
            batch.Dispose();
            return ValueTask.FromResult(ExportOutcome.Accepted);
        }

        return AppendAsync(signal, batch);
    }

    private async ValueTask<ExportOutcome> AppendAsync(Signal signal, EncodedBatch batch)
    {
        var outcome = new ExportOutcome(batch.RejectedRecords, batch.RejectReason);
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
}
