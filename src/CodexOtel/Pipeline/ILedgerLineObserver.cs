using CodexOtel.Ledger;
using CodexOtel.Otlp;

namespace CodexOtel.Pipeline;

/// <summary>
/// Shown by the <see cref="LedgerSink"/> each OTLP/protobuf request it writes as one ledger line, on the receiving
/// thread, while the request's bytes are at hand: what it learns (spanmetrics' inputs) goes with the line as its
/// <see cref="ILedgerLineNote"/>, which the ledger tells where the line landed. Not shown lines that come otherwise
/// (JSON, import).
/// </summary>
public interface ILedgerLineObserver
{
    /// <summary>The note for the line of <paramref name="request"/> (its protobuf bytes, valid only during the call); null when there is nothing to note.</summary>
    ILedgerLineNote? Observe(Signal signal, ReadOnlySpan<byte> request);
}
