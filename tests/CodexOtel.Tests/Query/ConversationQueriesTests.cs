using CodexOtel.Codex;
using CodexOtel.Query;
using CodexOtel.Store;
using CodexOtel.Store.Sqlite;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Store;

namespace CodexOtel.Tests.Query;

/// <summary>The query layer on a store of hand-made summaries: paging the list, pricing, what a missing conversation answers.</summary>
public sealed class ConversationQueriesTests : IDisposable
{
    private readonly TempDirectory _dir = new("queries");
    private readonly SqliteConversationStore _store;

    public ConversationQueriesTests() => _store = SqliteConversationStore.Open(_dir.Path);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Pages_before_a_cursor_walk_the_newest_first_list_once_even_through_conversations_that_started_together()
    {
        // Six conversations started at the same instant, then three one second apart.
        var ids = Enumerable.Range(1, 9).Select(n => $"01a40000-0000-7000-8000-{n:D12}").ToList();
        _store.SaveSummaries(StoreTestData.Only([.. ids.Select((id, i) => StoreTestData.Summary(id, StoreTestData.T0.AddSeconds(Math.Max(0, i - 5))))]));
        var queries = new ConversationQueries(_store, PriceTable.BuiltIn);
        var all = await queries.ListAsync(new ConversationQuery());

        var paged = new List<ConversationView>();
        ConversationPosition? cursor = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await queries.ListAsync(new ConversationQuery { Limit = 2, After = cursor });
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page);
            cursor = new ConversationPosition(page[^1].Started.UtcTicks, page[^1].Id);
        }

        Assert.Equal(9, all.Count);
        Assert.Equal(all.Select(c => c.Id), paged.Select(c => c.Id));
    }

    [Fact]
    public async Task A_page_keeps_the_lists_filters()
    {
        _store.SaveSummaries(StoreTestData.Only(
            StoreTestData.Summary("a", StoreTestData.T0, model: "gpt-5"),
            StoreTestData.Summary("b", StoreTestData.T0.AddSeconds(1), model: "gpt-5.5"),
            StoreTestData.Summary("c", StoreTestData.T0.AddSeconds(2), model: "gpt-5")));
        var queries = new ConversationQueries(_store, PriceTable.BuiltIn);

        var page = await queries.ListAsync(new ConversationQuery { Model = "gpt-5", After = new ConversationPosition(StoreTestData.T0.AddSeconds(2).UtcTicks, "c") });

        Assert.Equal(["a"], page.Select(c => c.Id));
    }

    [Fact]
    public async Task The_list_passes_its_originator_error_and_denial_filters_to_the_store()
    {
        _store.SaveSummaries(StoreTestData.Only(
            StoreTestData.Summary("a", StoreTestData.T0) with { Originator = "codex_cli_rs", Errors = 1 },
            StoreTestData.Summary("b", StoreTestData.T0.AddSeconds(1)) with { Originator = "codex_cli_rs", Denials = 1 },
            StoreTestData.Summary("c", StoreTestData.T0.AddSeconds(2)) with { Errors = 1, Denials = 1 }));
        var queries = new ConversationQueries(_store, PriceTable.BuiltIn);

        var page = await queries.ListAsync(new ConversationQuery { Originator = "codex_cli_rs", HasErrors = false, HasDenials = true });

        Assert.Equal(["b"], page.Select(c => c.Id));
    }

    [Fact]
    public async Task A_model_without_a_price_costs_null_and_a_priced_one_its_price()
    {
        _store.SaveSummaries(StoreTestData.Only(
            StoreTestData.Summary("priced", StoreTestData.T0, model: "gpt-5"),
            StoreTestData.Summary("unpriced", StoreTestData.T0.AddSeconds(1), model: "no-such-model")));

        var list = await new ConversationQueries(_store, PriceTable.BuiltIn).ListAsync(new ConversationQuery());

        Assert.Null(list.Single(c => c.Id == "unpriced").CostUsd);
        Assert.Equal(PriceTable.BuiltIn.Cost("gpt-5", new TokenUsage(240, 40, 60, 20)), list.Single(c => c.Id == "priced").CostUsd);
    }

    [Fact]
    public async Task A_conversation_without_events_has_no_timeline_and_no_raw_records()
    {
        var queries = new ConversationQueries(_store, PriceTable.BuiltIn);

        Assert.Null(await queries.TimelineAsync("nothing"));
        Assert.Empty(await queries.RawEventsAsync("nothing"));
    }

    [Fact]
    public async Task A_timeline_is_built_from_the_stored_events_and_priced()
    {
        var events = StoreTestData.Conversation("conv", StoreTestData.T0);
        _store.Apply(events, "logs", null);
        var queries = new ConversationQueries(_store, PriceTable.BuiltIn);

        var timeline = await queries.TimelineAsync("conv");

        Assert.NotNull(timeline);
        Assert.Equal(1, timeline.Turns);
        Assert.Equal([0, 1], timeline.Timeline.Select(t => t.Number));
        Assert.Equal(events.Count, timeline.Timeline.Sum(t => t.Items.Count));
        Assert.Equal(new TokensView(240, 40, 60, 20), timeline.Timeline[1].Tokens);
        Assert.Equal(PriceTable.BuiltIn.Cost("gpt-5", new TokenUsage(240, 40, 60, 20)), timeline.CostUsd);
        Assert.Equal(events.Count, (await queries.RawEventsAsync("conv")).Count);
    }
}
