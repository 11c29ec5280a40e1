using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Indexing;

/// <summary>Rebuilds the summaries the store marks stale from their conversations' events.</summary>
internal sealed class SummaryRefresher(
    IConversationIndexWriter store, Func<IReadOnlyList<CodexEvent>, IndexedConversation> summarise, ILogger log)
{
    private const int SummariesPerTransaction = 256;

    /// <summary>Summarises every stale conversation, taking the events of fresh ones from memory; returns how many.</summary>
    public int Refresh(FreshConversations fresh, CancellationToken cancellationToken)
    {
        var stale = store.StaleConversations();
        foreach (var chunk in stale.Order(StringComparer.Ordinal).Chunk(SummariesPerTransaction))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Events come from the store on this thread; the summaries, pure computation, on all cores.
            var events = chunk.Select(id => (Id: id, Events: fresh.EventsOf(id) ?? store.Events(id))).ToList();
            store.SaveSummaries(events
                .AsParallel()
                .AsOrdered()
                .WithCancellation(cancellationToken)
                .Select(c => Summarise(c.Id, c.Events))
                .OfType<IndexedConversation>()
                .ToList());
        }

        fresh.Clear();
        return stale.Count;
    }

    private IndexedConversation? Summarise(string conversationId, IReadOnlyList<CodexEvent> events)
    {
        if (events.Count == 0)
        {
            return null;
        }

        try
        {
            var indexed = summarise(events);
            return indexed with { Summary = indexed.Summary with { Id = conversationId } };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One odd conversation must not stop indexing: list it with what every event has.
            log.LogWarning(e, "could not summarise conversation {Conversation}; listing it without details", conversationId);
            return Bare(conversationId, events);
        }
    }

    // Counts usage over every event and starts a turn at each prompt.
    private static IndexedConversation Bare(string conversationId, IReadOnlyList<CodexEvent> events)
    {
        var turns = new List<TurnStart>();
        if (events[0].Kind != CodexEventKind.UserPrompt)
        {
            turns.Add(new TurnStart(0, events[0].Time));
        }

        var prompts = 0;
        foreach (var e in events.Where(e => e.Kind == CodexEventKind.UserPrompt))
        {
            turns.Add(new TurnStart(++prompts, e.Time));
        }

        var summary = new ConversationSummary
        {
            Id = conversationId,
            Started = events[0].Time,
            Ended = events[^1].Time,
            Turns = prompts,
            Source = string.Join('+', events.Select(x => x.Source).Distinct().Order(StringComparer.Ordinal)),
        };
        return new IndexedConversation(summary) { Events = events, Turns = turns, Senders = ConversationSender.Of(events) };
    }
}
