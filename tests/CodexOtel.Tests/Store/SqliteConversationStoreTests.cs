using System.Text.RegularExpressions;
using CodexOtel.Codex;
using CodexOtel.Store;
using CodexOtel.Store.Sqlite;
using CodexOtel.Tests.E2E.Support;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Store;

/// <summary>What SQLite's store does beyond the contract (<see cref="SqliteConversationStoreContractTests"/>): its encoding and its plans.</summary>
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

    [Theory]
    [InlineData("needle")]
    [InlineData("rare")]
    public async Task The_text_filter_pages_through_every_matching_conversation_in_order_whether_the_word_is_common_or_rare(string word)
    {
        // "needle" matches more events than are looked up one by one (conversations walked in order and checked);
        // "rare" fewer (looked up first). Every third conversation matches, the oldest one only through the first event
        // indexed, ten thousand matches back.
        var conversations = Enumerable.Range(0, 30).Select(n => $"conv-{n:D2}").ToList();
        var matching = conversations.Where((_, n) => n % 3 == 0).ToList();
        _store.Apply(
            [.. Enumerable.Range(0, Math.Max(SqliteQueries.TextLookupsUpTo, 10_000) + 1).Select(i =>
                Event(i == 0 ? matching[0] : matching[1 + (i % (matching.Count - 1))], CodexEventKind.UserPrompt, T0.AddSeconds(i), text: i < 2 * matching.Count ? "needle rare" : "needle", key: $"n{i}"))],
            "logs",
            null);
        _store.Apply([.. conversations.Select(id => Event(id, CodexEventKind.UserPrompt, T0, text: "hay"))], "logs", null);
        _store.SaveSummaries(Only([.. conversations.Select((id, n) => Summary(id, T0.AddMinutes(n)))]));

        var pages = new List<string>();
        ConversationPosition? after = null;
        do
        {
            var page = await _store.ListAsync(new ConversationQuery { Text = word, Limit = 4, After = after });
            pages.AddRange(page.Conversations.Select(c => c.Id));
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(Enumerable.Reverse(matching), pages);
        Assert.Equal(new ConversationCount(10, true), await _store.CountAsync(new ConversationQuery { Text = word }, 100));
        Assert.Equal(new ConversationCount(5, false), await _store.CountAsync(new ConversationQuery { Text = word }, 5));
    }

    [Fact]
    public async Task A_common_words_count_takes_only_summarised_conversations_alone_or_with_other_filters()
    {
        // Most matches belong to a conversation not summarised yet (the list cannot show it), the rest to every other one
        // of twenty, so that counting the word alone (from its matches) and with a time range (walking conversations)
        // both have something to leave out.
        var summarised = Enumerable.Range(0, 20).Select(n => $"conv-{n:D2}").ToList();
        _store.Apply(
            [.. Enumerable.Range(0, SqliteQueries.TextLookupsUpTo + 100).Select(i =>
                Event(i % 2 == 0 ? "conv-unsummarised" : summarised[i % 20], CodexEventKind.UserPrompt, T0.AddSeconds(i), text: "needle", key: $"n{i}"))],
            "logs",
            null);
        _store.SaveSummaries(Only([.. summarised.Select((id, n) => Summary(id, T0.AddMinutes(n)))]));

        Assert.Equal(new ConversationCount(10, true), await _store.CountAsync(new ConversationQuery { Text = "needle" }, 100));
        Assert.Equal(new ConversationCount(3, false), await _store.CountAsync(new ConversationQuery { Text = "needle" }, 3));
        Assert.Equal(new ConversationCount(5, true), await _store.CountAsync(new ConversationQuery { Text = "needle", Since = T0.AddMinutes(10) }, 100));
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
    public void A_page_after_a_cursor_is_a_range_scan_of_the_primary_key_without_a_sort()
    {
        _store.SaveSummaries(Only(Summary("a", T0), Summary("b", T0.AddSeconds(-1))));

        var plan = Plan(
            "SELECT id FROM conversations WHERE (started, id) < (1, 'x') ORDER BY started DESC, id DESC LIMIT 3");

        Assert.Contains("SEARCH conversations USING PRIMARY KEY", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConversationSort.Cost, "conversations_by_cost")]
    [InlineData(ConversationSort.Tokens, "conversations_by_tokens")]
    [InlineData(ConversationSort.Turns, "conversations_by_turns")]
    [InlineData(ConversationSort.ToolCalls, "conversations_by_tool_calls")]
    [InlineData(ConversationSort.Errors, "conversations_by_errors")]
    [InlineData(ConversationSort.Duration, "conversations_by_duration")]
    public void A_page_of_another_sort_in_a_time_range_walks_that_sorts_index_without_a_sort(ConversationSort sort, string index)
    {
        _store.SaveSummaries(Only(Summary("a", T0), Summary("b", T0.AddSeconds(-1))));
        var query = new ConversationQuery { Sort = sort, Since = T0.AddDays(-30), Until = T0, After = new ConversationPosition(5, "x") };

        // The statement List runs, with its parameters as literals (the helper's command binds none).
        var sql = Regex.Replace(Regex.Replace(SqliteQueries.ListSql(query), @"\$after_id\b", "'x'"), @"\$[a-z_]+", "1");
        var plan = Plan(sql);

        Assert.Contains($"USING INDEX {index}", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    private object? Scalar(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir.Path, SqliteDatabase.FileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private string Plan(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir.Path, SqliteDatabase.FileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var row = command.ExecuteReader();
        var plan = new List<string>();
        while (row.Read())
        {
            plan.Add(row.GetString(3));
        }

        return string.Join("\n", plan);
    }
}
