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
    private readonly Dictionary<string, (List<CodexEvent> Events, HashSet<string> Keys)> _fresh = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stored = new(StringComparer.Ordinal);

    /// <summary>Takes note of a batch before it is applied (the store must not hold its events yet).</summary>
    public void Add(IConversationStore store, List<CodexEvent> events)
    {
        var firstSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!_fresh.ContainsKey(e.ConversationId) && !_stored.Contains(e.ConversationId))
            {
                firstSeen.Add(e.ConversationId);
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
                _fresh[id] = ([], new HashSet<string>(StringComparer.Ordinal));
            }
        }

        foreach (var e in events)
        {
            if (_fresh.TryGetValue(e.ConversationId, out var fresh) && fresh.Keys.Add(e.Key))
            {
                fresh.Events.Add(e);
            }
        }
    }

    /// <summary>Every event of the conversation in time order (ledger order within the same time), or null when not known here.</summary>
    public IReadOnlyList<CodexEvent>? EventsOf(string conversationId) =>
        _fresh.TryGetValue(conversationId, out var fresh) ? [.. fresh.Events.OrderBy(e => e.Time.UtcTicks)] : null;

    public void Clear()
    {
        _fresh.Clear();
        _stored.Clear();
    }
}
