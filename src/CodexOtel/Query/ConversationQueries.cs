using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Query;

/// <summary>
/// What the CLI (and later the HTTP API) asks of the conversation index, answered as view records: priced, timelines
/// built, times in UTC. Renderings (tables, <c>--json</c>, the dashboard) only format these. Reads through the
/// store's read side, whose pages and cursors it passes on.
/// </summary>
public sealed class ConversationQueries(IConversationReader store, PriceTable? prices = null)
{
    // Loaded when first needed: a search should not fail on a broken prices.toml it does not use.
    private readonly Lazy<PriceTable> _prices = new(() => prices ?? PriceTable.Load());

    /// <summary>A page of conversations, newest first, priced (the store's query: its filters, cursor and size).</summary>
    public async ValueTask<IReadOnlyList<ConversationView>> ListAsync(ConversationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await store.ListAsync(query with { Limit = Math.Max(1, query.Limit) }, cancellationToken).ConfigureAwait(false);
        var views = new ConversationView[page.Conversations.Count];
        for (var i = 0; i < views.Length; i++)
        {
            views[i] = ConversationView.Of(page.Conversations[i], _prices.Value);
        }

        return views;
    }

    /// <summary>One conversation turn by turn, priced; null when it has no events.</summary>
    public async ValueTask<TimelineView?> TimelineAsync(string conversationId, CancellationToken cancellationToken = default) =>
        await TimelineOfAsync(conversationId, cancellationToken).ConfigureAwait(false) is { } timeline ? TimelineView.Of(timeline, _prices.Value) : null;

    /// <summary>The records of one conversation's timeline, in time order, with every attribute as recorded.</summary>
    public async ValueTask<IReadOnlyList<RawEventView>> RawEventsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        (await TimelineOfAsync(conversationId, cancellationToken).ConfigureAwait(false))?.Events.Select(RawEventView.Of).ToArray() ?? [];

    /// <summary>Events that contain every word, most recently indexed first.</summary>
    public async ValueTask<IReadOnlyList<SearchHitView>> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await store.SearchAsync(new EventSearch(query.Text) { Limit = Math.Max(1, query.Limit) }, cancellationToken).ConfigureAwait(false);
        return [.. page.Hits.Select(SearchHitView.Of)];
    }

    /// <summary>Tokens and cost grouped as asked, with their total.</summary>
    public async ValueTask<UsageView> UsageAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await store.UsageAsync(query.Since, query.Until, query.Zone, cancellationToken).ConfigureAwait(false);
        return UsageReport.Of(rows, query.By, _prices.Value);
    }

    private async ValueTask<ConversationTimeline?> TimelineOfAsync(string conversationId, CancellationToken cancellationToken)
    {
        var events = await store.EventsAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return events.Count == 0 ? null : ConversationTimeline.Build(events);
    }
}
