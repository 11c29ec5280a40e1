namespace CodexOtel.Query;

/// <summary>How <c>usage</c> groups tokens and cost.</summary>
public enum UsageGrouping
{
    /// <summary>By day and model.</summary>
    Day,

    /// <summary>By model.</summary>
    Model,

    /// <summary>By conversation and model.</summary>
    Conversation,
}

/// <summary>Which usage to add up, and how to group it.</summary>
public sealed record UsageQuery
{
    public UsageGrouping By { get; init; } = UsageGrouping.Day;

    /// <summary>Events at or after this.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Events before this.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The zone whose days <see cref="UsageGrouping.Day"/> groups by.</summary>
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;
}
