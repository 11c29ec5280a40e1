namespace CodexOtel.Query;

/// <summary>Which events <c>tail</c> starts with, and whether it keeps going.</summary>
public sealed record TailQuery
{
    public const int DefaultLast = 10;

    /// <summary>Start with the events from this time on; when null, with the last <see cref="Last"/>.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>How many of the most recent events to start with (ignored with <see cref="Since"/>).</summary>
    public int Last { get; init; } = DefaultLast;

    /// <summary>Keep answering events as they become durable, until cancelled.</summary>
    public bool Follow { get; init; }
}
