using CodexOtel.Codex;
using CodexOtel.Ledger;

namespace CodexOtel.Store;

/// <summary>
/// The index of Codex conversations derived from the ledger: the indexer writes it, every query reads it. It can be
/// thrown away and rebuilt from the ledger at any time. An instance is safe to share between threads; more than one
/// process may read while one writes (the indexer holds <c>index.lock</c>).
/// </summary>
public interface IConversationStore : IDisposable
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

    /// <summary>Replaces the summaries (with their usage and turns) of these conversations and clears their stale mark.</summary>
    void SaveSummaries(IEnumerable<IndexedConversation> conversations);

    /// <summary>Removes every event, summary and checkpoint, for a reindex.</summary>
    void Reset();

    /// <summary>Conversations, newest first.</summary>
    IReadOnlyList<ConversationSummary> ListConversations(ConversationQuery query);

    /// <summary>A conversation by its id, a unique prefix of it, or the close matches when neither.</summary>
    ConversationMatch Find(string idOrPrefix);

    /// <summary>A conversation's events in time order.</summary>
    IReadOnlyList<CodexEvent> Events(string conversationId);

    /// <summary>
    /// Full-text search over prompts, tool arguments and output, responses and errors: events that contain every word
    /// (a trailing * matches a prefix), most recently indexed first.
    /// </summary>
    IReadOnlyList<SearchHit> Search(string text, int limit);

    /// <summary>
    /// Turns and model-response tokens per day (in <paramref name="zone"/>), model and conversation, counted as the
    /// summaries count them, for events in [<paramref name="since"/>, <paramref name="until"/>) (to 15 minutes).
    /// </summary>
    IReadOnlyList<UsageRow> Usage(DateTimeOffset? since, DateTimeOffset? until, TimeZoneInfo zone);

    /// <summary>How much is indexed and how fresh it is.</summary>
    StoreStats Stats();
}
