namespace CodexOtel.Store;

/// <summary>A page of <see cref="IConversationReader.ListAsync"/>: its filters (all optional), where it starts and its size.</summary>
public sealed record ConversationQuery
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

    /// <summary>Conversations after this place in the newest-first order: the previous page's <see cref="ConversationPage.Next"/>.</summary>
    public ConversationPosition? Before { get; init; }

    /// <summary>At most this many (at least 1).</summary>
    public int Limit { get; init; } = DefaultLimit;
}

/// <summary>A place in the newest-first order of conversations: by start time, then by id (descending, ordinal).</summary>
public sealed record ConversationPosition(DateTimeOffset Started, string Id);

/// <summary>Conversations of one page, newest first, and where the next page starts (null when this is the last).</summary>
public sealed record ConversationPage(IReadOnlyList<Codex.ConversationSummary> Conversations, ConversationPosition? Next);
