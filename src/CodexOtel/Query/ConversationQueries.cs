using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Query;

/// <summary>
/// What the CLI (and later the HTTP API) asks of the conversation index, answered as view records: priced, timelines
/// built, times in UTC. Renderings (tables, <c>--json</c>, the dashboard) only format these. Asynchronous so that a
/// store with an asynchronous read side fits without changing callers; today's store answers synchronously.
/// </summary>
public sealed class ConversationQueries(IConversationStore store, PriceTable? prices = null)
{
    // Loaded when first needed: a search should not fail on a broken prices.toml it does not use.
    private readonly Lazy<PriceTable> _prices = new(() => prices ?? PriceTable.Load());

    /// <summary>Conversations, newest first, priced.</summary>
    public ValueTask<IReadOnlyList<ConversationView>> ListAsync(ConversationListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var summaries = ConversationPages.Read(store, query);
        var views = new ConversationView[summaries.Count];
        for (var i = 0; i < views.Length; i++)
        {
            views[i] = ConversationView.Of(summaries[i], _prices.Value);
        }

        return ValueTask.FromResult<IReadOnlyList<ConversationView>>(views);
    }

    /// <summary>One conversation turn by turn, priced; null when it has no events.</summary>
    public ValueTask<TimelineView?> TimelineAsync(string conversationId) =>
        ValueTask.FromResult(Timeline(conversationId) is { } timeline ? TimelineView.Of(timeline, _prices.Value) : null);

    /// <summary>The records of one conversation's timeline, in time order, with every attribute as recorded.</summary>
    public ValueTask<IReadOnlyList<RawEventView>> RawEventsAsync(string conversationId)
    {
        IReadOnlyList<RawEventView> views = Timeline(conversationId)?.Events.Select(RawEventView.Of).ToArray() ?? [];
        return ValueTask.FromResult(views);
    }

    /// <summary>Events that contain every word, most recently indexed first.</summary>
    public ValueTask<IReadOnlyList<SearchHitView>> SearchAsync(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<SearchHitView> hits = [.. store.Search(query.Text, Math.Max(1, query.Limit)).Select(SearchHitView.Of)];
        return ValueTask.FromResult(hits);
    }

    /// <summary>Tokens and cost grouped as asked, with their total.</summary>
    public ValueTask<UsageView> UsageAsync(UsageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ValueTask.FromResult(UsageReport.Of(store.Usage(query.Since, query.Until, query.Zone), query.By, _prices.Value));
    }

    private ConversationTimeline? Timeline(string conversationId)
    {
        var events = store.Events(conversationId);
        return events.Count == 0 ? null : ConversationTimeline.Build(events);
    }
}
