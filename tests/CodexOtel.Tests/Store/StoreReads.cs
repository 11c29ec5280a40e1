using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Tests.Store;

/// <summary>
/// The read side, waited for, for tests whose subject is the indexer or a command and that check the store from
/// synchronous code (polling loops, assertions in sync tests). The store's own behaviour is tested asynchronously in
/// <see cref="ConversationStoreContract"/>.
/// </summary>
internal static class StoreReads
{
    /// <summary>Every conversation, newest first, following the pages to the end.</summary>
    public static List<ConversationSummary> AllConversations(this IConversationReader reader)
    {
        var all = new List<ConversationSummary>();
        for (var query = new ConversationQuery(); ;)
        {
            var page = Wait(reader.ListAsync(query));
            all.AddRange(page.Conversations);
            if (page.Next is null)
            {
                return all;
            }

            query = query with { After = page.Next };
        }
    }

    public static ConversationMatch Find(this IConversationReader reader, string idOrPrefix) => Wait(reader.FindAsync(idOrPrefix));

    public static StoreStats Stats(this IConversationReader reader) => Wait(reader.StatsAsync());

    public static IReadOnlyList<SearchHit> Search(this IConversationReader reader, string text, int limit) =>
        Wait(reader.SearchAsync(new EventSearch(text) { Limit = limit })).Hits;

    public static IReadOnlyList<UsageRow> Usage(this IConversationReader reader, DateTimeOffset? since, DateTimeOffset? until, TimeZoneInfo zone) =>
        Wait(reader.UsageAsync(since, until, zone));

    private static T Wait<T>(ValueTask<T> pending) => pending.AsTask().GetAwaiter().GetResult();
}
