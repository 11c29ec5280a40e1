using CodexOtel.Otlp;

namespace CodexOtel.Ledger;

/// <summary>Told of each group commit once its callers are answered, so watching the ledger never delays one.</summary>
public interface ILedgerObserver
{
    /// <summary><paramref name="bytes"/> of lines became durable; the fsyncs took <paramref name="sync"/>.</summary>
    void Committed(Signal signal, long bytes, TimeSpan sync);
}
