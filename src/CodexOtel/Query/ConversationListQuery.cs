namespace CodexOtel.Query;

/// <summary>Which conversations <c>list</c> shows, newest first; all filters optional.</summary>
public sealed record ConversationListQuery
{
    public const int DefaultLimit = 50;

    /// <summary>Conversations that started at or after this.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Conversations that started before this.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Conversations that used this model (exact name, any of their models).</summary>
    public string? Model { get; init; }

    /// <summary>Conversations started by this client (exact name, e.g. <c>codex_cli_rs</c>).</summary>
    public string? Originator { get; init; }

    /// <summary>Only conversations with at least one error (true) or none (false).</summary>
    public bool? HasErrors { get; init; }

    /// <summary>Only conversations with at least one denied tool call (true) or none (false).</summary>
    public bool? HasDenials { get; init; }

    /// <summary>At most this many (at least 1).</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>The next page: conversations after this one in the newest-first order (the last of the previous page).</summary>
    public ConversationCursor? Before { get; init; }
}

/// <summary>A place in the newest-first order of conversations: by start time, then by id (descending, ordinal).</summary>
public sealed record ConversationCursor(DateTimeOffset Started, string Id)
{
    public static ConversationCursor After(ConversationView last)
    {
        ArgumentNullException.ThrowIfNull(last);
        return new ConversationCursor(last.Started, last.Id);
    }
}
