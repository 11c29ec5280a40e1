using CodexOtel.Codex;

namespace CodexOtel.Store;

/// <summary>
/// The read side of the conversation index, which queries (CLI, HTTP API, dashboard) ask. Asynchronous so that a
/// networked back end does not block a request thread; lists and searches come a page at a time with a cursor.
/// </summary>
public interface IConversationReader
{
    /// <summary>One page of conversations, newest first (by start time, then id, both descending).</summary>
    ValueTask<ConversationPage> ListAsync(ConversationQuery query, CancellationToken cancellationToken = default);

    /// <summary>A conversation by its id, a unique prefix of it, or the close matches when neither.</summary>
    ValueTask<ConversationMatch> FindAsync(string idOrPrefix, CancellationToken cancellationToken = default);

    /// <summary>A conversation's events in time order (a timeline needs all of them at once).</summary>
    ValueTask<IReadOnlyList<CodexEvent>> EventsAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of a full-text search over prompts, tool arguments and output, responses and errors: events that
    /// contain every word (a trailing * matches a prefix), most recently indexed first.
    /// </summary>
    ValueTask<SearchPage> SearchAsync(EventSearch query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Turns and model-response tokens per day (in <paramref name="zone"/>), model and conversation, counted as the
    /// summaries count them, for events in [<paramref name="since"/>, <paramref name="until"/>) (to 15 minutes).
    /// </summary>
    ValueTask<IReadOnlyList<UsageRow>> UsageAsync(DateTimeOffset? since, DateTimeOffset? until, TimeZoneInfo zone, CancellationToken cancellationToken = default);

    /// <summary>How much is indexed and how fresh it is.</summary>
    ValueTask<StoreStats> StatsAsync(CancellationToken cancellationToken = default);
}
