namespace CodexOtel.Query;

/// <summary>Words to find (all of them; a trailing * matches a prefix; "quoted phrase" for a phrase), most recent first.</summary>
public sealed record SearchQuery(string Text)
{
    public const int DefaultLimit = 20;

    /// <summary>At most this many hits (at least 1).</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Hits after this cursor: the previous page's <see cref="SearchPageView.Next"/> (<see cref="PageCursor"/>).</summary>
    public string? After { get; init; }
}
