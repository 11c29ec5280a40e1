using CodexOtel.Codex;
using CodexOtel.Ledger;
using CodexOtel.Store;
using CodexOtel.Store.Sqlite;
using CodexOtel.Tests.E2E.Support;
using Microsoft.Data.Sqlite;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Store;

public sealed class SqliteSchemaTests
{
    [Fact]
    public void Opening_an_empty_folder_creates_the_latest_schema_once()
    {
        using var dir = new TempDirectory("schema");

        SqliteConversationStore.Open(dir.Path).Dispose();
        using (var store = SqliteConversationStore.Open(dir.Path))
        {
            store.Apply(Conversation("conv-a", T0), "logs", null);
        }

        Assert.Equal(Enumerable.Range(1, SqliteSchema.Latest).Select(v => (long)v), Versions(dir.Path));
    }

    [Fact]
    public void A_database_at_schema_1_is_migrated_forward_keeping_what_it_holds()
    {
        using var dir = new TempDirectory("schema");
        Execute(dir.Path, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)");
        Execute(dir.Path, SqliteSchema.Migrations[0] + "; INSERT INTO schema_version VALUES (1, 'then');");
        Execute(dir.Path, "INSERT INTO conversations VALUES ('old-one', 1, 2, 'gpt-5', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, 0, 0, 0, 10, 0, 5, 0, '{}', 'hi', 'ledger')");

        using var store = SqliteConversationStore.Open(dir.Path);
        store.SaveSummaries(Only(Summary("new-one", T0)));

        Assert.Equal(Enumerable.Range(1, SqliteSchema.Latest).Select(v => (long)v), Versions(dir.Path));
        Assert.Equal(["new-one", "old-one"], store.AllConversations().Select(c => c.Id));
        Assert.Equal("hi", store.Find("old").Found?.FirstPrompt);
    }

    [Fact]
    public void Events_indexed_before_shapes_keep_their_attributes_and_references_after_the_migration()
    {
        using var dir = new TempDirectory("schema");
        Execute(dir.Path, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)");
        Execute(dir.Path, string.Join(";\n", SqliteSchema.Migrations.Take(3)) + "; INSERT INTO schema_version VALUES (1, 'then'), (2, 'then'), (3, 'then');");
        Execute(
            dir.Path,
            """
            INSERT INTO resources (id, json) VALUES (1, '{"service.name":"codex_exec"}');
            INSERT INTO events (key, key_hash, conversation_id, time, kind, name, model, text, source, resource_id, attributes)
            VALUES ('k1', 1, 'conv-old', 638999999999999999, 'UserPrompt', 'codex.user_prompt', 'gpt-5', 'hello', 'ledger', 1,
                    '{"event.name":"\u0001n","prompt":"\u0001t","marked":"\u0001\u0001kept","attempt":2}');
            """);

        using var store = SqliteConversationStore.Open(dir.Path);
        var attributes = Assert.Single(store.Events("conv-old")).Attributes;

        Assert.Equal(Enumerable.Range(1, SqliteSchema.Latest).Select(v => (long)v), Versions(dir.Path));
        Assert.Equal(
            ["event.name=codex.user_prompt", "prompt=hello", "marked=\u0001kept", "attempt=2"],
            attributes.Select(a => $"{a.Key}={a.Value}"));
        Assert.False(attributes.ContainsKey("error.message"));
    }

    [Fact]
    public async Task A_database_at_schema_5_gets_the_dashboards_columns_and_indexes_and_its_summaries_are_rebuilt_by_the_indexer()
    {
        using var dir = new TempDirectory("schema");
        Execute(dir.Path, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)");
        Execute(dir.Path, string.Join(";\n", SqliteSchema.Migrations.Take(5)) + "; INSERT INTO schema_version VALUES (1, 'then'), (2, 'then'), (3, 'then'), (4, 'then'), (5, 'then');");
        Execute(dir.Path, "INSERT INTO conversations VALUES ('old-one', 1, 2, 'gpt-5', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, 0, 0, 0, 10, 0, 5, 0, '{}', 'hi', 'ledger')");
        Execute(dir.Path, "INSERT INTO usage VALUES ('old-one', 0, 'gpt-5', 1, 1, 10, 0, 5, 0)");

        using var store = SqliteConversationStore.Open(dir.Path);

        Assert.Equal(Enumerable.Range(1, SqliteSchema.Latest).Select(v => (long)v), Versions(dir.Path));
        Assert.Equal(["old-one"], store.StaleConversations());
        Assert.Equal("old-one", Assert.Single((await store.ListAsync(new ConversationQuery { Sort = ConversationSort.Cost })).Conversations).Id);
        Assert.Equal(0, Assert.Single(await store.UsageBucketsAsync(null, null, UsageGrain.QuarterHour)).ToolCalls);
    }

    [Fact]
    public async Task A_database_at_schema_6_gets_usage_rollups_equal_to_its_buckets()
    {
        using var dir = new TempDirectory("schema");
        Execute(dir.Path, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)");
        Execute(dir.Path, string.Join(";\n", SqliteSchema.Migrations.Take(6)) + "; INSERT INTO schema_version VALUES (1, 'then'), (2, 'then'), (3, 'then'), (4, 'then'), (5, 'then'), (6, 'then');");
        var day = T0.UtcTicks / UsageBuckets.BucketTicks / 96 * 96;
        Execute(
            dir.Path,
            $"""
            INSERT INTO usage VALUES ('a', {day + 1}, 'gpt-5', 1, 1, 10, 0, 5, 0, 1, 0, 0), ('a', {day + 1}, 'o3', 1, 1, 20, 0, 5, 0, 0, 1, 0),
                ('a', {day + 400}, 'gpt-5', 1, 0, 0, 0, 0, 0, 0, 0, 1), ('b', {day + 2}, '', 2, 2, 7, 1, 1, 1, 0, 0, 0),
                ('b', {day + 9}, 'o3', 0, 1, 3, 0, 0, 0, 2, 0, 0);
            """);

        using var store = SqliteConversationStore.Open(dir.Path);

        Assert.Equal(Enumerable.Range(1, SqliteSchema.Latest).Select(v => (long)v), Versions(dir.Path));
        var start = new DateTimeOffset(day * UsageBuckets.BucketTicks, TimeSpan.Zero);
        var dayRows = await store.UsageBucketsAsync(start, start.AddDays(1), UsageGrain.Day);
        Assert.Equal(
            [(null, 2, 2, 7L), ("gpt-5", 1, 1, 10L), ("o3", 1, 2, 23L)],
            dayRows.Select(r => (r.Model, r.Turns, r.Responses, r.Tokens.Input)).OrderBy(r => r.Model, StringComparer.Ordinal));
        Assert.Equal(2, await store.ActiveConversationsAsync(start, start.AddDays(1)));
        Assert.Equal(1, await store.ActiveConversationsAsync(start.AddDays(2), null));
        Assert.Equal(2, await store.ActiveConversationsAsync(null, null));
    }

    [Fact]
    public async Task A_database_at_schema_8_gets_tool_rollups_that_answer_as_those_kept_while_indexing()
    {
        using var dir = new TempDirectory("schema");
        var events = Enumerable.Range(0, 40).SelectMany(n => new[]
        {
            Event("conv-a", CodexEventKind.ToolDecision, T0.AddHours(-3 * n), key: $"d{n}") with
            {
                Tool = n % 3 == 0 ? "apply_patch" : "exec_command",
                CallId = $"c{n % 7}",
                Decision = n % 4 == 0 ? "denied" : "approved",
            },
            Event("conv-a", CodexEventKind.ToolResult, T0.AddHours(-3 * n).AddMinutes(n), key: $"r{n}") with
            {
                Tool = n % 3 == 0 ? "apply_patch" : "exec_command",
                CallId = $"c{n % 7}",
                Success = n % 5 != 0,
                Decision = n % 8 == 0 ? "denied" : null,
                DurationMs = n * n * 37 % 5000,
            },
        }).ToList();
        IReadOnlyList<ToolStatsRow> kept, recent;
        using (var store = SqliteConversationStore.Open(dir.Path))
        {
            store.Apply(events, "logs", null);
            (kept, recent) = (await store.ToolStatsAsync(null, null), await store.ToolStatsAsync(T0.AddDays(-3).AddMinutes(17), T0));
        }

        Execute(dir.Path, "DROP TRIGGER tool_rollup_delete; DROP TABLE tool_rollup; DELETE FROM schema_version WHERE version = 9;");

        using var migrated = SqliteConversationStore.Open(dir.Path);

        Assert.Equal(Enumerable.Range(1, SqliteSchema.Latest).Select(v => (long)v), Versions(dir.Path));
        Assert.Equal(kept, await migrated.ToolStatsAsync(null, null));
        Assert.Equal(recent, await migrated.ToolStatsAsync(T0.AddDays(-3).AddMinutes(17), T0));
        Assert.Equal(2, kept.Count);
    }

    [Fact]
    public void An_empty_database_file_is_migrated()
    {
        using var dir = new TempDirectory("schema");
        File.WriteAllBytes(Path.Combine(dir.Path, "index.sqlite"), []);

        using var store = SqliteConversationStore.Open(dir.Path);
        store.Apply(Conversation("conv-a", T0), "logs", null);

        Assert.Equal(7, store.Events("conv-a").Count);
    }

    [Fact]
    public void A_database_from_a_newer_program_is_refused_with_a_clear_error()
    {
        using var dir = new TempDirectory("schema");
        SqliteConversationStore.Open(dir.Path).Dispose();
        Execute(dir.Path, $"INSERT INTO schema_version VALUES ({SqliteSchema.Latest + 1}, 'future')");

        var error = Assert.Throws<StoreSchemaException>(() => SqliteConversationStore.Open(dir.Path));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_database_and_its_wal_files_are_private_to_the_user()
    {
        using var dir = new TempDirectory("schema");
        using var store = SqliteConversationStore.Open(dir.Path);
        store.Apply(Conversation("conv-a", T0), "logs", null);

        foreach (var name in new[] { "index.sqlite", "index.sqlite-wal", "index.sqlite-shm" })
        {
            Assert.Equal(DataDirectory.PrivateFileMode, File.GetUnixFileMode(Path.Combine(dir.Path, name)));
        }
    }

    [Fact]
    public void The_database_uses_write_ahead_logging_and_full_text_search()
    {
        using var dir = new TempDirectory("schema");
        SqliteConversationStore.Open(dir.Path).Dispose();

        Assert.Equal("wal", Scalar(dir.Path, "PRAGMA journal_mode"));
        Assert.Equal(1L, Scalar(dir.Path, "SELECT count(*) FROM sqlite_master WHERE name = 'events_fts'"));
    }

    [Fact]
    public void Full_text_search_keeps_16_MiB_of_new_terms_in_memory_and_merges_16_segments_also_after_a_reindex()
    {
        using var dir = new TempDirectory("schema");
        using (var store = SqliteConversationStore.Open(dir.Path))
        {
            Assert.Equal([16L << 20, 16L], FtsOptions(dir.Path));
            store.Reset();
        }

        Assert.Equal([16L << 20, 16L], FtsOptions(dir.Path));
    }

    private static long[] FtsOptions(string dataDir) =>
        new[] { "hashsize", "automerge" }.Select(k => (long)Scalar(dataDir, $"SELECT v FROM events_fts_config WHERE k = '{k}'")!).ToArray();

    [Fact]
    public void A_second_process_reading_sees_what_the_writer_committed()
    {
        using var dir = new TempDirectory("schema");
        using var writer = SqliteConversationStore.Open(dir.Path);
        using var reader = ConversationStores.Open(dir.Path);

        writer.Apply(Conversation("conv-a", T0), "logs", null);
        writer.SaveSummaries(Only(Summary("conv-a", T0)));

        Assert.Equal("conv-a", Assert.Single(reader.AllConversations()).Id);
    }

    private static List<long> Versions(string dataDir)
    {
        using var connection = Connect(dataDir);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version ORDER BY version";
        using var row = command.ExecuteReader();
        var versions = new List<long>();
        while (row.Read())
        {
            versions.Add(row.GetInt64(0));
        }

        return versions;
    }

    private static object? Scalar(string dataDir, string sql)
    {
        using var connection = Connect(dataDir);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(string dataDir, string sql)
    {
        using var connection = Connect(dataDir);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Connect(string dataDir)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "index.sqlite")};Pooling=False");
        connection.Open();
        return connection;
    }
}
