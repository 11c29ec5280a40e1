namespace CodexOtel.Ledger;

/// <summary>
/// A reader's durable position in a signal's stream: a segment, named by the hash of its first line (which
/// rotation and compression do not change), and the byte offset just past the last line consumed in it.
/// </summary>
public sealed record LedgerCheckpoint(string SegmentId, long Offset);

/// <summary>
/// One ledger line and the checkpoint that resumes after it. A line a reader's <see cref="LineClaim{TClaim}"/> claimed
/// has no bytes (<see cref="ClaimedLines{TClaim}"/> holds what the claim returned instead).
/// </summary>
public sealed record LedgerLine(byte[] Bytes, LedgerCheckpoint After)
{
    /// <summary>The line's length in bytes (without its '\n'), also when <see cref="Bytes"/> is not kept.</summary>
    public int Length { get; init; } = Bytes.Length;
}

/// <summary>
/// Looks at a line as it is read (the span is valid only during the call): what it returns is kept instead of the
/// line's bytes; null keeps the bytes.
/// </summary>
public delegate TClaim? LineClaim<TClaim>(ReadOnlySpan<byte> line)
    where TClaim : class;

/// <summary>Lines read with a <see cref="LineClaim{TClaim}"/>: <c>Claims[i]</c> is what line <c>i</c> was claimed as, or null.</summary>
public sealed record ClaimedLines<TClaim>(IReadOnlyList<LedgerLine> Lines, IReadOnlyList<TClaim?> Claims)
    where TClaim : class;
