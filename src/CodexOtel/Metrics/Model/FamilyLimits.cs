namespace CodexOtel.Metrics.Model;

/// <summary>How many series a family keeps, and which of them it exposes.</summary>
public sealed record FamilyLimits
{
    public static FamilyLimits Default { get; } = new();

    /// <summary>Past this many series a new one is refused (or, with <see cref="EvictOldest"/>, replaces the oldest).</summary>
    public int MaxSeries { get; init; } = 2000;

    /// <summary>A full family forgets its least recently updated series instead of refusing a new one.</summary>
    public bool EvictOldest { get; init; }

    /// <summary>A series not updated for this long (in the data's clock, against now) is dropped; null: never.</summary>
    public TimeSpan? StaleAfter { get; init; }

    /// <summary>Only the series updated last are exposed, at most this many; null: all.</summary>
    public int? ExposeMostRecent { get; init; }
}
