using CodexOtel.Ledger;
using CodexOtel.Otlp;
using Google.Protobuf;

namespace CodexOtel.Pipeline;

/// <summary>Encodes a request into ledger lines on the caller's thread and waits for the group commit.</summary>
public sealed class LedgerSink(LedgerWriter ledger, LedgerOptions options) : IExportSink
{
    private static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan UnavailableRetry = TimeSpan.FromSeconds(5);

    public async ValueTask<ExportOutcome> ExportAsync(Signal signal, IMessage request, CancellationToken cancellationToken)
    {
        if (RequestSplitter.CountRecords(request) == 0)
        {
            return ExportOutcome.Accepted;
        }

        var batch = LedgerLineEncoder.Encode(signal, request, options.MaxLineBytes);
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
