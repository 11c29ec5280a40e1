namespace CodexOtel.Codex;

/// <summary>
/// One conversation as a person reads it: its events (from any mix of sources, in any order) merged
/// (<see cref="TimelineMerge"/>), put in time order and cut into turns at each user prompt, plus the
/// <see cref="ConversationSummary"/> that <c>list</c> shows.
/// </summary>
public sealed class ConversationTimeline
{
    private ConversationTimeline(string id, IReadOnlyList<CodexEvent> events, IReadOnlyList<ConversationTurn> turns, ConversationSummary summary)
    {
        ConversationId = id;
        Events = events;
        Turns = turns;
        Summary = summary;
    }

    public string ConversationId { get; }

    /// <summary>The events shown, in time order.</summary>
    public IReadOnlyList<CodexEvent> Events { get; }

    /// <summary>Turn 0 (before the first prompt) when there is anything before it, then one turn per prompt.</summary>
    public IReadOnlyList<ConversationTurn> Turns { get; }

    public ConversationSummary Summary { get; }

    /// <summary>Builds the timeline of one conversation. Throws when the events are empty or name several conversations.</summary>
    public static ConversationTimeline Build(IEnumerable<CodexEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var (selected, source) = TimelineMerge.Select(events);
        if (selected.Count == 0)
        {
            throw new ArgumentException("a timeline needs at least one event", nameof(events));
        }

        var id = selected[0].ConversationId;
        foreach (var e in selected)
        {
            if (!string.Equals(e.ConversationId, id, StringComparison.Ordinal))
            {
                throw new ArgumentException($"events of two conversations: {id} and {e.ConversationId}", nameof(events));
            }
        }

        selected.Sort(InTimeOrder);
        var turns = Split(selected);
        return new ConversationTimeline(id, selected, turns, ConversationSummaries.From(id, selected, source));
    }

    // Same instant (rollout times are milliseconds): start before prompt before request before response …; then by key,
    // so the order never depends on the order the events came in.
    private static int InTimeOrder(CodexEvent a, CodexEvent b)
    {
        var byTime = a.Time.UtcTicks.CompareTo(b.Time.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var byKind = ((int)a.Kind).CompareTo((int)b.Kind);
        return byKind != 0 ? byKind : string.CompareOrdinal(a.Key, b.Key);
    }

    private static List<ConversationTurn> Split(List<CodexEvent> events)
    {
        var turns = new List<ConversationTurn>();
        var items = new List<CodexEvent>();
        CodexEvent? prompt = null;
        foreach (var e in events)
        {
            if (e.Kind == CodexEventKind.UserPrompt)
            {
                Close(turns, prompt, items);
                prompt = e;
                items = [];
            }

            items.Add(e);
        }

        Close(turns, prompt, items);
        return turns;
    }

    private static void Close(List<ConversationTurn> turns, CodexEvent? prompt, List<CodexEvent> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        var number = prompt is null ? 0 : turns.Count == 0 || turns[0].Number != 0 ? turns.Count + 1 : turns.Count;
        turns.Add(new ConversationTurn { Number = number, Prompt = prompt, Items = items });
    }
}
