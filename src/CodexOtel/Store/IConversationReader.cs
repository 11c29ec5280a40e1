using CodexOtel.Codex;

namespace CodexOtel.Store;

/// <summary>
/// The read side of the conversation index, which queries (CLI, HTTP API, dashboard) ask. Asynchronous so that a
/// networked back end does not block a request thread; lists and searches come a page at a time with a cursor.
/// </summary>
public interface IConversationReader
{
    /// <summary>One page of conversations in the query's order (by default newest first: start time, then id, both descending).</summary>
    ValueTask<ConversationPage> ListAsync(ConversationQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many conversations the query's filters match (its order, cursor and limit aside), exact up to <paramref name="cap"/>.</summary>
    ValueTask<ConversationCount> CountAsync(ConversationQuery query, int cap, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <see cref="ConversationSort.Cost"/> order by these prices: when they differ from those the stored costs
    /// were computed with, recomputes every conversation's cost (once per change of prices) and keeps them for the
    /// summaries saved from then on. True when it recomputed.
    /// </summary>
    ValueTask<bool> UsePricesAsync(PriceTable prices, CancellationToken cancellationToken = default);

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

    /// <summary>
    /// Usage summed over conversations per model and span, for the 15-minute buckets that overlap
    /// [<paramref name="since"/>, <paramref name="until"/>): each row sums one span aligned on UTC, no longer than
    /// <paramref name="coarsest"/> (rows of whole days and hours where they fit, buckets at the ends), dated at its
    /// start; within a grain in time order.
    /// </summary>
    ValueTask<IReadOnlyList<UsageBucketRow>> UsageBucketsAsync(
        DateTimeOffset? since, DateTimeOffset? until, UsageGrain coarsest, CancellationToken cancellationToken = default);

    /// <summary>Conversations with usage (a prompt, model response, tool call, denial or error) in the buckets <see cref="UsageBucketsAsync"/> reads.</summary>
    ValueTask<long> ActiveConversationsAsync(DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default);

    /// <summary>Per tool, the calls logged in [<paramref name="since"/>, <paramref name="until"/>): counts and durations, most called first.</summary>
    ValueTask<IReadOnlyList<ToolStatsRow>> ToolStatsAsync(DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default);

    /// <summary>One page of one tool's calls, newest first (by time, then by the order they were stored).</summary>
    ValueTask<ToolCallPage> ToolCallsAsync(ToolCallQuery query, CancellationToken cancellationToken = default);

    /// <summary>How much is indexed and how fresh it is.</summary>
    ValueTask<StoreStats> StatsAsync(CancellationToken cancellationToken = default);
}
