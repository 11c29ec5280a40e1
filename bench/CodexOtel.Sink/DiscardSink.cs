using CodexOtel.Otlp;
using CodexOtel.Pipeline;
using Google.Protobuf;

namespace CodexOtel.Sink;

/// <summary>
/// The least work any OTLP receiver must do: the receivers have already read and decoded the request; this drops
/// it and acknowledges. The baseline the ledger's rate is compared with.
/// </summary>
internal sealed class DiscardSink : IExportSink
{
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public ValueTask<ExportOutcome> ExportAsync(Signal signal, IMessage request, ExportSender? sender, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return ValueTask.FromResult(ExportOutcome.Accepted);
    }
}
