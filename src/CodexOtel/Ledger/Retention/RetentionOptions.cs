namespace CodexOtel.Ledger.Retention;

/// <summary>
/// How long the ledger keeps rotated segments (<c>[retention]</c>): older than <see cref="MaxAge"/> (by their rotation
/// time), or the oldest while all segments together hold more than <see cref="MaxBytes"/>. Neither set: kept for ever.
/// The active segment is never pruned.
/// </summary>
public sealed record RetentionOptions
{
    public TimeSpan? MaxAge { get; init; }

    public long? MaxBytes { get; init; }

    public bool Enabled => MaxAge is not null || MaxBytes is not null;
}
