using CodexOtel.Codex;
using CodexOtel.Ledger;
using CodexOtel.Store;
using CodexOtel.Store.Sqlite;
using CodexOtel.Tests.E2E.Support;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Store;

public sealed class SqliteConversationStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("store");
    private readonly SqliteConversationStore _store;

    public SqliteConversationStoreTests() => _store = SqliteConversationStore.Open(_dir.Path);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Events_come_back_in_time_order_with_every_field_attributes_and_resource()
    {
        var events = Conversation("conv-a", T0);
        var shuffled = events.AsEnumerable().Reverse().ToList();

        _store.Apply(shuffled, "logs", null);

        Assert.Equal(events.Select(Describe), _store.Events("conv-a").Select(Describe));
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
                ["nested"] = new List<object?> { new Dictionary<string, object?> { ["x"] = 1L } },
            },
        };

        _store.Apply([e], "logs", null);

        var attributes = Assert.Single(_store.Events("conv-a")).Attributes;
        Assert.Equal("text with \"quotes\" and ünïcode", attributes["s"]);
        Assert.Equal(-7L, attributes["l"]);
        Assert.Equal(1.5, attributes["d"]);
        Assert.Equal(3.0, attributes["whole"]);
        Assert.Equal(false, attributes["b"]);
        Assert.Null(attributes["none"]);
        Assert.Equal(Describe(e.Attributes), Describe(attributes));
    }

    [Fact]
    public void Events_of_one_kind_in_one_session_share_one_stored_shape_and_keep_their_own_values()
    {
        var events = Enumerable.Range(0, 20).Select(i => Event("conv-a", CodexEventKind.Other, T0.AddSeconds(i)) with
        {
            Attributes = new Dictionary<string, object?>
            {
                ["event.name"] = "codex.other",
                ["event.kind"] = $"kind-{i}",
                ["app.version"] = "0.169.0",
                ["originator"] = "codex_exec",
                ["terminal.type"] = "\u0001starts with the marker",
                ["slug"] = i % 2 == 0 ? "gpt-5" : 5L,
                ["model"] = "gpt-5",
            },
        }).ToList();

        _store.Apply(events, "logs", null);

        Assert.Equal(events.Select(Describe), _store.Events("conv-a").Select(Describe));
        // Two shapes: slug as a reference to the model column, and slug as a number in a slot.
        Assert.Equal(2L, Scalar("SELECT count(*) FROM attribute_shapes"));
        Assert.Equal("[\"kind-3\",\"\\u0001starts with the marker\",5]", Scalar("SELECT attributes FROM events WHERE attributes LIKE '%kind-3%'"));
    }

    [Fact]
    public void Applying_the_same_events_twice_stores_them_once_and_reports_no_change_the_second_time()
    {
        var events = Conversation("conv-a", T0);

        var first = _store.Apply(events, "logs", new LedgerCheckpoint("seg", 100));
        var second = _store.Apply(events, "logs", new LedgerCheckpoint("seg", 200));

        Assert.Equal(["conv-a"], first);
        Assert.Empty(second);
        Assert.Equal(events.Count, _store.Events("conv-a").Count);
        Assert.Equal(events.Count, _store.Stats().Events);
        Assert.Equal(new LedgerCheckpoint("seg", 200), _store.ReadCheckpoint("logs"));
    }

    [Fact]
    public void A_checkpoint_is_saved_with_its_batch_and_kept_per_stream()
    {
        Assert.Null(_store.ReadCheckpoint("logs"));

        _store.Apply([], "logs", new LedgerCheckpoint("abc", 42));
        _store.Apply([], "traces", new LedgerCheckpoint("def", 7));

        Assert.Equal(new LedgerCheckpoint("abc", 42), _store.ReadCheckpoint("logs"));
        Assert.Equal(new LedgerCheckpoint("def", 7), _store.ReadCheckpoint("traces"));
    }

    [Fact]
    public void Conversations_that_gain_events_are_stale_until_their_summary_is_saved()
    {
        _store.Apply(Conversation("conv-a", T0), "logs", null);
        _store.Apply(Conversation("conv-b", T0), "logs", null);
        Assert.Equal(["conv-a", "conv-b"], _store.StaleConversations().Order());

        _store.SaveSummaries(Only(Summary("conv-a", T0)));

        Assert.Equal(["conv-b"], _store.StaleConversations());
    }

    [Fact]
    public void Summaries_round_trip_and_a_newer_summary_replaces_the_old_one_even_when_the_start_moved()
    {
        var summary = Summary("conv-a", T0) with
        {
            TokensByModel = new Dictionary<string, TokenUsage> { ["gpt-5"] = new(1, 2, 3, 4), ["o3"] = new(5, 6, 7, 8) },
            Source = "ledger+rollout",
        };
        _store.SaveSummaries(Only(Summary("conv-a", T0.AddMinutes(5)) with { Turns = 9 }));

        _store.SaveSummaries(Only(summary));

        Assert.Equal(Describe(summary), Describe(Assert.Single(_store.ListConversations(new ConversationQuery()))));
    }

    [Fact]
    public void The_list_is_newest_first_and_filters_by_start_model_and_limit()
    {
        _store.SaveSummaries(Only(
            Summary("old", T0.AddDays(-2)),
            Summary("mid", T0.AddDays(-1), model: "o3") with
            {
                TokensByModel = new Dictionary<string, TokenUsage> { ["o3"] = new(1, 0, 1, 0), ["gpt-5-codex"] = new(1, 0, 1, 0) },
            },
            Summary("new", T0)));

        Assert.Equal(["new", "mid", "old"], Ids(new ConversationQuery()));
        Assert.Equal(["new", "mid"], Ids(new ConversationQuery { Since = T0.AddDays(-1) }));
        Assert.Equal(["mid", "old"], Ids(new ConversationQuery { Until = T0 }));
        Assert.Equal(["mid"], Ids(new ConversationQuery { Model = "o3" }));
        Assert.Equal(["mid"], Ids(new ConversationQuery { Model = "gpt-5-codex" }));
        Assert.Equal(["new"], Ids(new ConversationQuery { Limit = 1 }));
    }

    [Fact]
    public void Find_tells_an_exact_id_from_a_unique_prefix()
    {
        _store.SaveSummaries(Only(Summary("01a209b4-775c-73f2", T0), Summary("01a209b4-775c", T0.AddDays(-1))));

        var exact = _store.Find("01a209b4-775c");
        var prefix = _store.Find("01a209b4-775c-7");

        Assert.Equal(MatchKind.Exact, exact.Kind);
        Assert.Equal("01a209b4-775c", exact.Found!.Id);
        Assert.Equal(MatchKind.UniquePrefix, prefix.Kind);
        Assert.Equal("01a209b4-775c-73f2", prefix.Found!.Id);
    }

    [Fact]
    public void An_ambiguous_prefix_lists_every_candidate_newest_first()
    {
        _store.SaveSummaries(Only(
            Summary("01a209b4-775c", T0.AddMinutes(-2)),
            Summary("01a209b4-612e", T0),
            Summary("01a209b7-3bcd", T0.AddMinutes(-1)),
            Summary("ffff0000-0000", T0)));

        var match = _store.Find("01a2");

        Assert.Equal(MatchKind.Ambiguous, match.Kind);
        Assert.Null(match.Found);
        Assert.Equal(["01a209b4-612e", "01a209b7-3bcd", "01a209b4-775c"], match.Conversations.Select(c => c.Id));
    }

    [Fact]
    public void An_unknown_id_comes_with_close_matches_by_typo_or_shared_prefix()
    {
        _store.SaveSummaries(Only(
            Summary("01a209b4-775c-73f2-b475", T0),
            Summary("01a209b4-612e-0000-0000", T0),
            Summary("9f00aa11-0000-0000-0000", T0)));

        var typo = _store.Find("01a209b5-775c");
        var longer = _store.Find("01a209b4-775c-73f2-b475-extra");
        var nothing = _store.Find("zzzz-qqqq-xxxx");

        Assert.Equal(MatchKind.None, typo.Kind);
        Assert.Equal("01a209b4-775c-73f2-b475", typo.Conversations[0].Id);
        Assert.DoesNotContain(typo.Conversations, c => c.Id.StartsWith("9f", StringComparison.Ordinal));
        Assert.Equal(MatchKind.None, longer.Kind);
        Assert.Equal("01a209b4-775c-73f2-b475", longer.Conversations[0].Id);
        Assert.Equal(MatchKind.None, nothing.Kind);
        Assert.Empty(nothing.Conversations);
    }

    [Fact]
    public void Find_accepts_an_id_typed_in_upper_case()
    {
        _store.SaveSummaries(Only(Summary("01a209b4-775c", T0)));

        Assert.Equal("01a209b4-775c", _store.Find("01A209B4").Found?.Id);
    }

    [Fact]
    public void Reset_removes_events_summaries_checkpoints_and_stale_marks()
    {
        _store.Apply(Conversation("conv-a", T0), "logs", new LedgerCheckpoint("seg", 1));
        _store.SaveSummaries(Only(Summary("conv-a", T0)));
        _store.Apply(Conversation("conv-b", T0), "logs", null);

        _store.Reset();

        Assert.Empty(_store.ListConversations(new ConversationQuery()));
        Assert.Empty(_store.Events("conv-a"));
        Assert.Empty(_store.StaleConversations());
        Assert.Empty(_store.Search("hello", 10));
        Assert.Null(_store.ReadCheckpoint("logs"));
        Assert.Equal(0, _store.Stats().Events);

        _store.Apply(Conversation("conv-a", T0), "logs", null);
        Assert.Equal(7, _store.Events("conv-a").Count);
    }

    [Fact]
    public void Stats_count_conversations_and_events_and_give_the_newest_event_per_source()
    {
        _store.Apply(Conversation("conv-a", T0), "logs", null);
        _store.Apply([Event("conv-r", CodexEventKind.UserPrompt, T0.AddHours(-1), text: "old") with { Source = "rollout" }], "logs", null);
        _store.SaveSummaries(Only(Summary("conv-a", T0)));

        var stats = _store.Stats();

        Assert.Equal(1, stats.Conversations);
        Assert.Equal(8, stats.Events);
        Assert.Equal(T0.AddMilliseconds(610), stats.LastEventBySource["ledger"]);
        Assert.Equal(T0.AddHours(-1), stats.LastEventBySource["rollout"]);
    }

    private List<string> Ids(ConversationQuery query) => [.. _store.ListConversations(query).Select(c => c.Id)];

    private object? Scalar(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir.Path, SqliteDatabase.FileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
