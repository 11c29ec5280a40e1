namespace CodexOtel.Ledger;

/// <summary>
/// What a writer in this process learnt of a batch's one line while encoding it, for a reader in this process (serve's
/// spanmetrics): the ledger tells it where the line landed as it writes the line, before readers can see it (they see
/// a line once its sync is acknowledged), so a reader that reaches the line can take what it needs from here instead
/// of reading it back. Should the write fail, the lines are cut back and the note withdrawn.
/// </summary>
public interface ILedgerLineNote
{
    /// <summary>The line is in segment <paramref name="segmentId"/> from <paramref name="start"/> to <paramref name="end"/> (past its '\n').</summary>
    void Written(string segmentId, long start, long end);

    /// <summary>The write failed after <see cref="Written"/>: the line is gone, and another may take its place.</summary>
    void Withdrawn();
}
