using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Query;

/// <summary>
/// What the CLI (and later the HTTP API) asks of the conversation index, answered as view records: priced, timelines
/// built, times in UTC. Renderings (tables, <c>--json</c>, the dashboard) only format these. Reads through the
/// store's read side, whose pages and cursors it passes on.
/// </summary>
public sealed partial class ConversationQueries(IConversationReader store, PriceTable? prices = null)
{
    // Loaded when first needed: a search should not fail on a broken prices.toml it does not use.
    private readonly Lazy<PriceTable> _prices = new(() => prices ?? PriceTable.Load());

    /// <summary>A page of conversations in the query's order (newest first by default), priced (the store's query: its filters, order, cursor and size).</summary>
    public async ValueTask<IReadOnlyList<ConversationView>> ListAsync(ConversationQuery query, CancellationToken cancellationToken = default) =>
        (await PageAsync(query, cancellationToken).ConfigureAwait(false)).Views;

    /// <summary>The store's page of the query, priced.</summary>
    private async ValueTask<(ConversationView[] Views, ConversationPosition? Next)> PageAsync(ConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Sort == ConversationSort.Cost)
        {
            // The store sorts by the costs it keeps: make them this table's (a no-op unless the prices changed).
            await store.UsePricesAsync(_prices.Value, cancellationToken).ConfigureAwait(false);
        }

        var page = await store.ListAsync(query with { Limit = Math.Max(1, query.Limit) }, cancellationToken).ConfigureAwait(false);
        var views = new ConversationView[page.Conversations.Count];
        for (var i = 0; i < views.Length; i++)
        {
            views[i] = ConversationView.Of(page.Conversations[i], _prices.Value);
        }

        return (views, page.Next);
    }

    /// <summary>One conversation turn by turn, priced; null when it has no events.</summary>
    public async ValueTask<TimelineView?> TimelineAsync(string conversationId, CancellationToken cancellationToken = default) =>
        await TimelineOfAsync(conversationId, cancellationToken).ConfigureAwait(false) is { } timeline ? TimelineView.Of(timeline, _prices.Value) : null;

    /// <summary>The records of one conversation's timeline, in time order, with every attribute as recorded.</summary>
    public async ValueTask<IReadOnlyList<RawEventView>> RawEventsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        (await TimelineOfAsync(conversationId, cancellationToken).ConfigureAwait(false))?.Events.Select(RawEventView.Of).ToArray() ?? [];

    /// <summary>Events that contain every word, most recently indexed first.</summary>
    public async ValueTask<IReadOnlyList<SearchHitView>> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default) =>
        (await SearchPageAsync(query, cancellationToken).ConfigureAwait(false)).Hits;

    /// <summary>
    /// One page of events that contain every word, most recently indexed first, from the query's cursor; each hit
    /// names its conversation and turn. A cursor not made by <see cref="PageCursor"/> throws <see cref="FormatException"/>.
    /// </summary>
    public async ValueTask<SearchPageView> SearchPageAsync(SearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var search = new EventSearch(query.Text) { Limit = Math.Max(1, query.Limit), After = PageCursor.Search(query.After) };
        var page = await store.SearchAsync(search, cancellationToken).ConfigureAwait(false);
        return new SearchPageView([.. page.Hits.Select(SearchHitView.Of)], page.Next is { } next ? PageCursor.Of(next) : null);
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
