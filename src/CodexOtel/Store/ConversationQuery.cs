namespace CodexOtel.Store;

/// <summary>
/// A page of <see cref="IConversationReader.ListAsync"/>: its filters (all optional), its order, where it starts and
/// its size. <see cref="IConversationReader.CountAsync"/> counts what the filters match.
/// </summary>
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

    /// <summary>Conversations with records sent with the key of this name (<c>keys add NAME</c>, or <c>api_key</c>).</summary>
    public string? SenderKey { get; init; }

    /// <summary>Only conversations with at least one error (true) or none (false).</summary>
    public bool? HasErrors { get; init; }

    /// <summary>Only conversations with at least one denied tool call (true) or none (false).</summary>
    public bool? HasDenials { get; init; }

    /// <summary>
    /// Only conversations with an event that contains every word (as <see cref="IConversationReader.SearchAsync"/>
    /// finds them); none when the text has no words.
    /// </summary>
    public string? Text { get; init; }

    /// <summary>What the list is ordered by (then by id, in the same direction).</summary>
    public ConversationSort Sort { get; init; } = ConversationSort.Started;

    /// <summary>Smallest first; by default largest (newest, costliest, …) first.</summary>
    public bool Ascending { get; init; }

    /// <summary>Conversations after this place in the list's order: the previous page's <see cref="ConversationPage.Next"/>.</summary>
    public ConversationPosition? After { get; init; }

    /// <summary>At most this many (at least 1).</summary>
    public int Limit { get; init; } = DefaultLimit;
}

/// <summary>The sorts by the names <c>list --sort</c> and the dashboard's <c>?sort=</c> take.</summary>
public static class ConversationSortNames
{
    public static IReadOnlyList<(string Name, ConversationSort Sort)> All { get; } =
    [
        ("started", ConversationSort.Started),
        ("cost", ConversationSort.Cost),
        ("tokens", ConversationSort.Tokens),
        ("turns", ConversationSort.Turns),
        ("tools", ConversationSort.ToolCalls),
        ("errors", ConversationSort.Errors),
        ("duration", ConversationSort.Duration),
    ];

    /// <summary>Name to sort, the names compared by <paramref name="comparer"/>.</summary>
    public static Dictionary<string, ConversationSort> Map(StringComparer comparer) => All.ToDictionary(s => s.Name, s => s.Sort, comparer);
}

/// <summary>What a list of conversations can be ordered by.</summary>
public enum ConversationSort
{
    /// <summary>Start time.</summary>
    Started,

    /// <summary>USD under the prices last given to <see cref="IConversationReader.UsePricesAsync"/>; unpriced below every priced one.</summary>
    Cost,

    /// <summary>Input (cached included) plus output (reasoning included) tokens.</summary>
    Tokens,

    Turns,

    ToolCalls,

    Errors,

    /// <summary>From the first event to the last.</summary>
    Duration,
}

/// <summary>
/// A place in a list's order: the sort value of a conversation (<see cref="ConversationSort"/>: UTC ticks of the start
/// or of the duration, nano-USD, a count) and its id, which orders conversations with the same value (ordinal).
/// </summary>
public sealed record ConversationPosition(long Key, string Id);

/// <summary>Conversations of one page, in the list's order, and where the next page starts (null when this is the last).</summary>
public sealed record ConversationPage(IReadOnlyList<Codex.ConversationSummary> Conversations, ConversationPosition? Next);

/// <summary>How many conversations a query matches: exact up to a cap; past it, <see cref="Count"/> is the cap and <see cref="Exact"/> false.</summary>
public sealed record ConversationCount(long Count, bool Exact);
