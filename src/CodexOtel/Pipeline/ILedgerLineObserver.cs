using CodexOtel.Otlp;

namespace CodexOtel.Pipeline;

/// <summary>
/// Told by the <see cref="LedgerSink"/> of each OTLP/protobuf request it is about to append as one ledger line, on the
/// receiving thread, before the append: what is learnt of a request while its bytes are at hand (spanmetrics' inputs)
/// can wait for the ledger consumer that will read the line. Not told of lines that come otherwise (JSON, import).
/// </summary>
public interface ILedgerLineObserver
{
    /// <param name="signal"></param>
    /// <param name="request">The request's protobuf bytes, valid only during the call.</param>
    /// <param name="line">The ledger line written from it, without its '\n'.</param>
    void WillAppend(Signal signal, ReadOnlySpan<byte> request, ReadOnlySpan<byte> line);
}
