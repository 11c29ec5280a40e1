namespace CodexOtel.Ledger;

/// <summary>
/// What a writer in this process learnt of a batch's one line while encoding it, for a reader in this process (serve's
/// spanmetrics): the ledger tells it where the line landed once the line is durable, before it wakes the readers, so
/// such a reader can take what it needs from here instead of reading the line back.
/// </summary>
public interface ILedgerLineNote
{
    /// <summary>The line is durable in segment <paramref name="segmentId"/>, from <paramref name="start"/> to <paramref name="end"/> (past its '\n').</summary>
    void Durable(string segmentId, long start, long end);
}
