using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Query;

/// <summary>
/// A page of the newest-first conversation list. The store filters by start time only, so a page after a cursor asks
/// for the conversations that started up to the cursor's time and skips those at or before the cursor itself (the
/// same start time, an id not below it).
/// </summary>
internal static class ConversationPages
{
    private const int FirstExtra = 16;

    public static IReadOnlyList<ConversationSummary> Read(IConversationStore store, ConversationListQuery query)
    {
        var limit = Math.Max(1, query.Limit);
        var filter = new ConversationQuery { Since = query.Since, Until = query.Until, Model = query.Model, Limit = limit };
        if (query.Before is not { } cursor)
        {
            return store.ListConversations(filter);
        }

        var upToCursor = cursor.Started.AddTicks(1);
        filter = filter with { Until = query.Until is { } until && until < upToCursor ? until : upToCursor };
        for (var extra = FirstExtra; ; extra *= 4)
        {
            var rows = store.ListConversations(filter with { Limit = limit + extra });
            var page = rows.Where(c => cursor.Precedes(c.Started, c.Id)).Take(limit).ToList();
            if (page.Count == limit || rows.Count < limit + extra)
            {
                return page;
            }
        }
    }
}
