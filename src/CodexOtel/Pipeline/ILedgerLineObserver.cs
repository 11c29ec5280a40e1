using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Wire;

namespace CodexOtel.Pipeline;

/// <summary>
/// Shown by the <see cref="LedgerSink"/> each OTLP/protobuf request it writes as one ledger line straight from its
/// bytes, on the receiving thread: the transcoder shows it the spans as it writes them, and what it learns
/// (spanmetrics' inputs) goes with the line as its <see cref="ILedgerLineNote"/>, which the ledger tells where the line
/// landed. Not shown lines that come otherwise (JSON, import, requests decoded first).
/// </summary>
internal interface ILedgerLineObserver
{
    /// <summary>What to show the transcoder's spans to while it writes a request of <paramref name="signal"/>; null when nothing is wanted.</summary>
    ILedgerLineCapture? Begin(Signal signal);
}

/// <summary>What an <see cref="ILedgerLineObserver"/> learns of one request while its line is written.</summary>
internal interface ILedgerLineCapture : ISpanObserver
{
    /// <summary>The line was written, the request whole in it: the note for it, or null when there is nothing to note.</summary>
    ILedgerLineNote? Complete();

    /// <summary>The line was not written as shown (the request took another path): what was shown is void.</summary>
    void Discard();
}
