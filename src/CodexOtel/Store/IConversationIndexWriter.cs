using CodexOtel.Codex;
using CodexOtel.Ledger;

namespace CodexOtel.Store;

/// <summary>
/// The indexer's side of the conversation index: it applies the ledger's events with their checkpoint, and keeps the
/// summaries of the conversations they changed. Synchronous: the indexer runs on its own thread and every call is one
/// transaction the back end finishes before the next batch is read.
/// </summary>
public interface IConversationIndexWriter
{
    /// <summary>Where the indexer of <paramref name="stream"/> stopped; null before it indexed anything.</summary>
    LedgerCheckpoint? ReadCheckpoint(string stream);

    /// <summary>
    /// In one transaction: adds the events not stored yet (by <see cref="CodexEvent.Key"/>), marks their conversations'
    /// summaries stale and saves the checkpoint. Returns the conversations that gained events.
    /// </summary>
    IReadOnlySet<string> Apply(IReadOnlyCollection<CodexEvent> events, string stream, LedgerCheckpoint? checkpoint);

    /// <summary>Those of these conversations that have stored events.</summary>
    IReadOnlySet<string> KnownConversations(IEnumerable<string> conversationIds);

    /// <summary>Conversations whose events changed since their summary was last saved (survives a crash).</summary>
    IReadOnlySet<string> StaleConversations();

    /// <summary>A conversation's stored events in time order, read back to summarise it.</summary>
    IReadOnlyList<CodexEvent> Events(string conversationId);

    /// <summary>Replaces the summaries (with their usage and turns) of these conversations and clears their stale mark.</summary>
    void SaveSummaries(IEnumerable<IndexedConversation> conversations);

    /// <summary>
    /// In one transaction: removes these events (by conversation and <see cref="CodexEvent.Key"/>), the ledger lines
    /// they came from having been pruned; a conversation left without events loses its summary, the others are marked
    /// stale. Returns the conversations that lost events.
    /// </summary>
    IReadOnlySet<string> RemoveEvents(IReadOnlyCollection<CodexEvent> events);

    /// <summary>Removes every event, summary and checkpoint, for a reindex.</summary>
    void Reset();
}
