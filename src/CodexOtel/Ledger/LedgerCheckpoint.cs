namespace CodexOtel.Ledger;

/// <summary>
/// A reader's durable position in a signal's stream: a segment, named by the hash of its first line (which
/// rotation and compression do not change), and the byte offset just past the last line consumed in it.
/// </summary>
public sealed record LedgerCheckpoint(string SegmentId, long Offset);

/// <summary>One ledger line and the checkpoint that resumes after it.</summary>
public sealed record LedgerLine(byte[] Bytes, LedgerCheckpoint After);
