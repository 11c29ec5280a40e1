using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Indexing;

/// <summary>Rebuilds the summaries the store marks stale from their conversations' events.</summary>
internal sealed class SummaryRefresher(
    IConversationStore store, Func<IReadOnlyList<CodexEvent>, IndexedConversation> summarise, ILogger log)
{
    private const int SummariesPerTransaction = 256;

    public int Refresh(CancellationToken cancellationToken)
    {
        var stale = store.StaleConversations();
        foreach (var chunk in stale.Order(StringComparer.Ordinal).Chunk(SummariesPerTransaction))
        {
            cancellationToken.ThrowIfCancellationRequested();
            store.SaveSummaries(chunk.Select(Summarise).OfType<IndexedConversation>().ToList());
        }

        return stale.Count;
    }

    private IndexedConversation? Summarise(string conversationId)
    {
        var events = store.Events(conversationId);
        if (events.Count == 0)
        {
            return null;
        }

        try
        {
            var indexed = summarise(events);
            return Complete(indexed with { Summary = indexed.Summary with { Id = conversationId } }, events);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One odd conversation must not stop indexing: list it with what every event has.
            log.LogWarning(e, "could not summarise conversation {Conversation}; listing it without details", conversationId);
            return Complete(
                new ConversationSummary
                {
                    Id = conversationId,
                    Started = events[0].Time,
                    Ended = events[^1].Time,
                    Source = string.Join('+', events.Select(x => x.Source).Distinct().Order(StringComparer.Ordinal)),
                },
                events);
        }
    }

    // A summariser that gives only the summary: count usage over every event, start a turn at each prompt.
    private static IndexedConversation Complete(IndexedConversation indexed, IReadOnlyList<CodexEvent> events)
    {
        if (indexed.Events.Count > 0)
        {
            return indexed;
        }

        var turns = new List<TurnStart>();
        if (events[0].Kind != CodexEventKind.UserPrompt)
        {
            turns.Add(new TurnStart(0, events[0].Time));
        }

        foreach (var e in events.Where(e => e.Kind == CodexEventKind.UserPrompt))
        {
            turns.Add(new TurnStart(turns.Count(t => t.Number > 0) + 1, e.Time));
        }

        return indexed with { Events = events, Turns = indexed.Turns.Count > 0 ? indexed.Turns : turns };
    }
}
