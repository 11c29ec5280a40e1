using CodexOtel.Codex;
using CodexOtel.Ledger;
using CodexOtel.Store;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Store;

/// <summary>
/// What every conversation store does, whatever keeps its data: a back end's test class derives from this and opens
/// an empty store (SQLite: <see cref="SqliteConversationStoreContractTests"/>). This part: the indexer's write side,
/// events read back, reset and stats. The list, find, search and usage are in the other parts of the class.
/// </summary>
public abstract partial class ConversationStoreContract : IDisposable
{
    private IConversationStore? _store;

    /// <summary>The store under test, opened empty on first use.</summary>
    protected IConversationStore Store => _store ??= OpenEmpty();

    /// <summary>Opens an empty store that this test alone uses.</summary>
    protected abstract IConversationStore OpenEmpty();

    public void Dispose()
    {
        _store?.Dispose();
        DisposeBackEnd();
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes what <see cref="OpenEmpty"/> made, after the store is disposed.</summary>
    protected virtual void DisposeBackEnd()
    {
    }

    [Fact]
    public async Task Events_come_back_in_time_order_with_every_field_attributes_and_resource()
    {
        var events = Conversation("conv-a", T0);
        var shuffled = events.AsEnumerable().Reverse().ToList();

        Store.Apply(shuffled, "logs", null);

        Assert.Equal(events.Select(Describe), Store.Events("conv-a").Select(Describe));
        Assert.Equal(events.Select(Describe), (await Store.EventsAsync("conv-a")).Select(Describe));
    }

    [Fact]
    public void Events_at_the_same_instant_come_back_in_the_order_they_were_applied()
    {
        var events = Enumerable.Range(0, 5).Select(i => Event("conv-a", CodexEventKind.Other, T0, key: $"k{i}")).ToList();

        Store.Apply(events, "logs", null);

        Assert.Equal(["k0", "k1", "k2", "k3", "k4"], Store.Events("conv-a").Select(e => e.Key));
    }

    [Fact]
    public void Attribute_values_keep_their_types_through_the_store()
    {
        var e = Event("conv-a", CodexEventKind.Other, T0) with
        {
            Attributes = new Dictionary<string, object?>
            {
                ["s"] = "text with \"quotes\" and ünïcode",
                ["l"] = -7L,
                ["d"] = 1.5,
                ["whole"] = 3.0,
                ["b"] = false,
                ["none"] = null,
                ["marker"] = "\u0001starts with a control character",
                ["nested"] = new List<object?> { new Dictionary<string, object?> { ["x"] = 1L } },
            },
        };

        Store.Apply([e], "logs", null);

        var attributes = Assert.Single(Store.Events("conv-a")).Attributes;
        Assert.Equal("text with \"quotes\" and ünïcode", attributes["s"]);
        Assert.Equal(-7L, attributes["l"]);
        Assert.Equal(1.5, attributes["d"]);
        Assert.Equal(3.0, attributes["whole"]);
        Assert.Equal(false, attributes["b"]);
        Assert.Null(attributes["none"]);
        Assert.Equal(Describe(e.Attributes), Describe(attributes));
    }

    [Fact]
    public async Task Applying_the_same_events_twice_stores_them_once_and_reports_no_change_the_second_time()
    {
        var events = Conversation("conv-a", T0);

        var first = Store.Apply(events, "logs", new LedgerCheckpoint("seg", 100));
        var second = Store.Apply(events, "logs", new LedgerCheckpoint("seg", 200));

        Assert.Equal(["conv-a"], first);
        Assert.Empty(second);
        Assert.Equal(events.Count, Store.Events("conv-a").Count);
        Assert.Equal(events.Count, (await Store.StatsAsync()).Events);
        Assert.Equal(new LedgerCheckpoint("seg", 200), Store.ReadCheckpoint("logs"));
    }

    [Fact]
    public void Events_with_the_same_key_in_different_conversations_are_different_events()
    {
        Store.Apply([Event("conv-a", CodexEventKind.Other, T0, key: "same"), Event("conv-b", CodexEventKind.Other, T0, key: "same")], "logs", null);

        Assert.Single(Store.Events("conv-a"));
        Assert.Single(Store.Events("conv-b"));
    }

    [Fact]
    public void A_checkpoint_is_saved_with_its_batch_and_kept_per_stream()
    {
        Assert.Null(Store.ReadCheckpoint("logs"));

        Store.Apply([], "logs", new LedgerCheckpoint("abc", 42));
        Store.Apply([], "traces", new LedgerCheckpoint("def", 7));
        Store.Apply(Conversation("conv-a", T0), "logs", null);

        Assert.Equal(new LedgerCheckpoint("abc", 42), Store.ReadCheckpoint("logs"));
        Assert.Equal(new LedgerCheckpoint("def", 7), Store.ReadCheckpoint("traces"));
    }

    [Fact]
    public void Known_conversations_are_those_with_stored_events()
    {
        Store.Apply(Conversation("conv-a", T0), "logs", null);
        Store.SaveSummaries(Only(Summary("summary-only", T0)));

        Assert.Equal(["conv-a"], Store.KnownConversations(["conv-a", "conv-b", "summary-only"]));
    }

    [Fact]
    public void Conversations_that_gain_events_are_stale_until_their_summary_is_saved()
    {
        Store.Apply(Conversation("conv-a", T0), "logs", null);
        Store.Apply(Conversation("conv-b", T0), "logs", null);
        Assert.Equal(["conv-a", "conv-b"], Store.StaleConversations().Order());

        Store.SaveSummaries(Only(Summary("conv-a", T0)));

        Assert.Equal(["conv-b"], Store.StaleConversations());
    }

    [Fact]
    public async Task Summaries_round_trip_and_a_newer_summary_replaces_the_old_one_even_when_the_start_moved()
    {
        var summary = Summary("conv-a", T0) with
        {
            TokensByModel = new Dictionary<string, TokenUsage> { ["gpt-5"] = new(1, 2, 3, 4), ["o3"] = new(5, 6, 7, 8) },
            Source = "ledger+rollout",
            Denials = 2,
            Errors = 3,
        };
        Store.SaveSummaries(Only(Summary("conv-a", T0.AddMinutes(5)) with { Turns = 9 }));

        Store.SaveSummaries(Only(summary));

        var page = await Store.ListAsync(new ConversationQuery());
        Assert.Equal(Describe(summary), Describe(Assert.Single(page.Conversations)));
    }

    [Fact]
    public async Task Reset_removes_events_summaries_checkpoints_and_stale_marks()
    {
        Store.Apply(Conversation("conv-a", T0), "logs", new LedgerCheckpoint("seg", 1));
        Store.SaveSummaries(Only(Summary("conv-a", T0)));
        Store.Apply(Conversation("conv-b", T0), "logs", null);

        Store.Reset();

        Assert.Empty((await Store.ListAsync(new ConversationQuery())).Conversations);
        Assert.Empty(Store.Events("conv-a"));
        Assert.Empty(Store.StaleConversations());
        Assert.Empty((await Store.SearchAsync(new EventSearch("hello"))).Hits);
        Assert.Empty(await Store.UsageAsync(null, null, TimeZoneInfo.Utc));
        Assert.Null(Store.ReadCheckpoint("logs"));
        Assert.Equal(0, (await Store.StatsAsync()).Events);

        Store.Apply(Conversation("conv-a", T0), "logs", null);
        Assert.Equal(7, Store.Events("conv-a").Count);
    }

    [Fact]
    public async Task Stats_count_conversations_and_events_and_give_the_newest_event_per_source()
    {
        Store.Apply(Conversation("conv-a", T0), "logs", null);
        Store.Apply([Event("conv-r", CodexEventKind.UserPrompt, T0.AddHours(-1), text: "old") with { Source = "rollout" }], "logs", null);
        Store.SaveSummaries(Only(Summary("conv-a", T0)));

        var stats = await Store.StatsAsync();

        Assert.Equal(1, stats.Conversations);
        Assert.Equal(8, stats.Events);
        Assert.Equal(T0.AddMilliseconds(610), stats.LastEventBySource["ledger"]);
        Assert.Equal(T0.AddHours(-1), stats.LastEventBySource["rollout"]);
    }

    [Fact]
    public async Task A_cancelled_read_is_not_answered()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.ListAsync(new ConversationQuery(), cancelled.Token));
    }
}
