namespace CodexOtel.Ledger;

/// <summary>How the ledger writes, rotates and pushes back.</summary>
public sealed record LedgerOptions
{
    /// <summary>The longest line a segment may hold; larger requests are split by resource, scope and record.</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>Rotate the active segment once it is this large.</summary>
    public long MaxSegmentBytes { get; init; } = 128L << 20;

    /// <summary>Rotate the active segment once it is this old (and not empty).</summary>
    public TimeSpan MaxSegmentAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Encoded bytes waiting for one signal's writer; past this, clients are told to retry later.</summary>
    public long MaxPendingBytes { get; init; } = 32L << 20;

    /// <summary>The most bytes one group commit writes before it syncs.</summary>
    public int MaxGroupCommitBytes { get; init; } = 8 << 20;

    /// <summary>Compress rotated segments with zstd.</summary>
    public bool CompressRotated { get; init; } = true;
}
