using CodexOtel.Codex;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>The read side of the index over conversations: list, find, stats.</summary>
internal static class SqliteQueries
{
    /// <summary>
    /// One page, newest first. Keyset paging on the primary key (started, id): a page after a cursor is a range scan from
    /// the cursor, however deep it is, and conversations that started at the same tick are split by id, never skipped
    /// or repeated. One row more than the page is read to know whether another page follows.
    /// </summary>
    public static ConversationPage List(SqliteConnection connection, ConversationQuery query)
    {
        // Only the filters given, so that SQLite walks the primary key for the plain newest-first list.
        var where = new List<string>();
        if (query.Since is not null)
        {
            where.Add("started >= $since");
        }

        if (query.Until is not null)
        {
            where.Add("started < $until");
        }

        if (query.Before is not null)
        {
            where.Add("(started, id) < ($before_started, $before_id)");
        }

        if (query.Model is not null)
        {
            where.Add("(model = $model OR EXISTS (SELECT 1 FROM json_each(tokens_by_model) WHERE key = $model))");
        }

        if (query.Originator is not null)
        {
            where.Add("originator = $originator");
        }

        if (query.HasErrors is { } errors)
        {
            where.Add(errors ? "errors > 0" : "errors = 0");
        }

        if (query.HasDenials is { } denials)
        {
            where.Add(denials ? "denials > 0" : "denials = 0");
        }

        var limit = Math.Max(1, query.Limit);
        using var select = new RawStatement(
            connection,
            $"""
            SELECT {SqliteSummaries.Select} FROM conversations
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY started DESC, id DESC LIMIT $limit
            """);
        select.Bind(select.Parameter("$since"), query.Since?.UtcTicks);
        select.Bind(select.Parameter("$until"), query.Until?.UtcTicks);
        select.Bind(select.Parameter("$before_started"), query.Before?.Started.UtcTicks);
        select.Bind(select.Parameter("$before_id"), query.Before?.Id);
        select.Bind(select.Parameter("$model"), query.Model);
        select.Bind(select.Parameter("$originator"), query.Originator);
        select.Bind(select.Parameter("$limit"), limit + 1L);
        var rows = SqliteSummaries.ReadAll(select);
        if (rows.Count <= limit)
        {
            return new ConversationPage(rows, null);
        }

        rows.RemoveAt(limit);
        var last = rows[^1];
        return new ConversationPage(rows, new ConversationPosition(last.Started, last.Id));
    }

    public static ConversationMatch Find(SqliteConnection connection, string input)
    {
        var id = input.Trim();
        if (id.Length == 0)
        {
            return new ConversationMatch(MatchKind.None, []);
        }

        if (Summaries(connection, "id = $p", id, 1) is [var exact])
        {
            return new ConversationMatch(MatchKind.Exact, [exact]);
        }

        // Ids sort as UTF-8 bytes: every id starting with the prefix lies in [prefix, prefix + U+10FFFF).
        var candidates = Summaries(connection, "id >= $p AND id < $p || char(1114111)", id, 50);
        if (candidates.Count == 0 && id != id.ToLowerInvariant())
        {
            return Find(connection, id.ToLowerInvariant());
        }

        return candidates.Count switch
        {
            1 => new ConversationMatch(MatchKind.UniquePrefix, candidates),
            > 1 => new ConversationMatch(MatchKind.Ambiguous, [.. candidates.OrderByDescending(c => c.Started)]),
            _ => new ConversationMatch(MatchKind.None, CloseTo(connection, id)),
        };
    }

    public static StoreStats Stats(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT source, events, last_time FROM source_stats";
        var last = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var events = 0L;
        using (var row = command.ExecuteReader())
        {
            while (row.Read())
            {
                events += row.GetInt64(1);
                last[row.GetString(0)] = new DateTimeOffset(row.GetInt64(2), TimeSpan.Zero);
            }
        }

        command.CommandText = "SELECT count(*) FROM conversations";
        var conversations = (long)command.ExecuteScalar()!;
        return new StoreStats(conversations, events, last);
    }

    private static List<ConversationSummary> CloseTo(SqliteConnection connection, string input)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM conversations";
        var ids = new List<string>();
        using (var row = command.ExecuteReader())
        {
            while (row.Read())
            {
                ids.Add(row.GetString(0));
            }
        }

        return [.. CloseMatches.Rank(input, ids).SelectMany(id => Summaries(connection, "id = $p", id, 1))];
    }

    private static List<ConversationSummary> Summaries(SqliteConnection connection, string where, string value, int limit)
    {
        using var select = new RawStatement(
            connection, $"SELECT {SqliteSummaries.Select} FROM conversations WHERE {where} ORDER BY id LIMIT {limit}");
        select.Bind(select.Parameter("$p"), value);
        return SqliteSummaries.ReadAll(select);
    }
}
