using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Indexing;

/// <summary>
/// The conversations that began during a catch-up, with all their events: their summaries are built from memory
/// instead of reading the events back from the store (most of a large catch-up). Cleared after each summary refresh,
/// which bounds the memory held to <see cref="LedgerIndexerOptions.SummaryIntervalBytes"/> of lines.
/// </summary>
internal sealed class FreshConversations
{
    private readonly Dictionary<string, List<CodexEvent>> _fresh = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stored = new(StringComparer.Ordinal);

    /// <summary>Takes note of a batch before it is applied (the store must not hold its events yet).</summary>
    public void Add(IConversationIndexWriter store, List<CodexEvent> events)
    {
        var firstSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ConversationRuns.Of(events))
        {
            if (!_fresh.ContainsKey(id) && !_stored.Contains(id))
            {
                firstSeen.Add(id);
            }
        }

        var known = firstSeen.Count == 0 ? firstSeen : store.KnownConversations(firstSeen);
        foreach (var id in firstSeen)
        {
            if (known.Contains(id))
            {
                _stored.Add(id);
            }
            else
            {
                _fresh[id] = [];
            }
        }

        (string Id, List<CodexEvent>? Events) last = (string.Empty, null);
        foreach (var e in events)
        {
            if (!string.Equals(e.ConversationId, last.Id, StringComparison.Ordinal))
            {
                last = (e.ConversationId, _fresh.GetValueOrDefault(e.ConversationId));
            }

            last.Events?.Add(e);
        }
    }

    /// <summary>
    /// Every event of the conversation in time order (ledger order within the same time), or null when not known here.
    /// An event the ledger holds twice is here twice; the timeline keeps each key once (TimelineMerge).
    /// </summary>
    public IReadOnlyList<CodexEvent>? EventsOf(string conversationId) =>
        _fresh.TryGetValue(conversationId, out var fresh) ? (InTimeOrder(fresh) ? fresh : [.. fresh.OrderBy(e => e.Time.UtcTicks)]) : null;

    // Events mostly arrive in time order: then the list is its own answer, without a sorted copy.
    private static bool InTimeOrder(List<CodexEvent> events)
    {
        for (var i = 1; i < events.Count; i++)
        {
            if (events[i].Time.UtcTicks < events[i - 1].Time.UtcTicks)
            {
                return false;
            }
        }

        return true;
    }

    public void Clear()
    {
        _fresh.Clear();
        _stored.Clear();
    }
}
