using CodexOtel.Codex;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>The read side of the index over conversations: list, find, stats.</summary>
internal static class SqliteQueries
{
    /// <summary>
    /// One page in the query's order. Keyset paging on (sort value, id), each sort with its index (migration 6; the
    /// primary key for the start): a page after a cursor is a range scan from the cursor, however deep it is, and
    /// conversations with the same value are split by id, never skipped or repeated. One row more than the page is read
    /// to know whether another page follows.
    /// </summary>
    public static ConversationPage List(SqliteConnection connection, ConversationQuery query)
    {
        var limit = Math.Max(1, query.Limit);
        using var select = new RawStatement(connection, ListSql(query, IsCommonText(connection, query)));
        BindFilters(select, query);
        select.Bind(select.Parameter("$after_key"), query.After?.Key);
        select.Bind(select.Parameter("$after_id"), query.After?.Id);
        select.Bind(select.Parameter("$limit"), limit + 1L);
        var rows = new List<(ConversationSummary Summary, long Key)>();
        try
        {
            while (select.Step())
            {
                rows.Add((SqliteSummaries.Read(select), select.Int64(SqliteSummaries.ColumnCount)));
            }
        }
        finally
        {
            select.Reset();
        }

        if (rows.Count <= limit)
        {
            return new ConversationPage([.. rows.Select(r => r.Summary)], null);
        }

        var last = rows[limit - 1];
        return new ConversationPage([.. rows.Take(limit).Select(r => r.Summary)], new ConversationPosition(last.Key, last.Summary.Id));
    }

    /// <summary>The statement of <see cref="List"/>: the summary's columns, then the sort value.</summary>
    internal static string ListSql(ConversationQuery query, bool commonText = false)
    {
        var key = SortKey(query.Sort);
        var direction = query.Ascending ? "ASC" : "DESC";
        var where = Filters(query, timeByIndex: query.Sort == ConversationSort.Started, commonText);
        if (query.After is not null)
        {
            // A row value comparison, which SQLite turns into a range of the sort's index.
            where.Add($"({key}, id) {(query.Ascending ? ">" : "<")} ($after_key, $after_id)");
        }

        return $"""
            SELECT {SqliteSummaries.Select}, {key} FROM conversations
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY {key} {direction}, id {direction} LIMIT $limit
            """;
    }

    /// <summary>
    /// Counts what the filters match, reading at most <paramref name="cap"/> + 1 of them: without filters that is
    /// the smallest index; with them a scan that stops at the cap.
    /// </summary>
    public static ConversationCount Count(SqliteConnection connection, ConversationQuery query, int cap)
    {
        var commonText = IsCommonText(connection, query);
        var where = Filters(query, timeByIndex: true, commonText);
        using var count = new RawStatement(
            connection,
            commonText && IsTextAlone(query)
                ? CommonTextAloneCountSql
                : $"""
                SELECT count(*) FROM (SELECT 1 FROM conversations
                {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
                LIMIT $cap)
                """);
        BindFilters(count, query);
        count.Bind(count.Parameter("$cap"), Math.Max(0, cap) + 1L);
        var n = count.ExecuteScalarInt64() ?? 0;
        return n > cap ? new ConversationCount(cap, false) : new ConversationCount(n, true);
    }

    /// <summary>
    /// The conversations of a common text's matches, in the full-text index's order, until the cap is passed: with
    /// nothing else to check, a count needs only to find cap + 1 conversations, and consecutive matches mostly share a
    /// conversation (a word in ~67,000 events: ~1,300 lookups of an event's conversation, 3 ms; walking the conversations
    /// and checking each against the matches took 80 ms). With other filters too, that walk stays: a filter such as the
    /// last day would leave this reading every match.
    /// </summary>
    private const string CommonTextAloneCountSql = """
        SELECT count(*) FROM (
            SELECT DISTINCT c.id FROM events_fts f
            JOIN events e ON e.seq = f.rowid
            JOIN conversations c ON c.id = e.conversation_id
            WHERE events_fts MATCH $text
            LIMIT $cap)
        """;

    private static bool IsTextAlone(ConversationQuery query) =>
        query is { Since: null, Until: null, Model: null, Originator: null, SenderKey: null, HasErrors: null, HasDenials: null };

    /// <summary>
    /// Text matching more events than this is checked conversation by conversation as a list walks its order; rarer
    /// text is looked up first. Looking up a matching event's conversation is a read of the event's row (~30 µs, a
    /// word in half of 100,000 conversations matches ~70,000 events: 0.3–2 s), while checking a conversation is a scan
    /// of its entries in the events' conversation index against the matches, made once into a set: a page of a common
    /// word is found among the first conversations walked.
    /// </summary>
    public const int TextLookupsUpTo = 2_000;

    private static bool IsCommonText(SqliteConnection connection, ConversationQuery query)
    {
        if (query.Text is null || Fts5Query.From(query.Text) is not { } match)
        {
            return false;
        }

        // Counted in the full-text index alone (no lookups).
        using var count = new RawStatement(connection, "SELECT count(*) FROM (SELECT 1 FROM events_fts WHERE events_fts MATCH ? LIMIT ?)");
        count.Bind(1, match);
        count.Bind(2, TextLookupsUpTo + 1L);
        return count.ExecuteScalarInt64() > TextLookupsUpTo;
    }

    /// <summary>The value a sort orders by, as its index (migration 6) names it: an expression index needs the same expression.</summary>
    private static string SortKey(ConversationSort sort) => sort switch
    {
        ConversationSort.Cost => "cost_nano_usd",
        ConversationSort.Tokens => "input_tokens + output_tokens",
        ConversationSort.Turns => "turns",
        ConversationSort.ToolCalls => "tool_calls",
        ConversationSort.Errors => "errors",
        ConversationSort.Duration => "ended - started",
        _ => "started",
    };

    // Only the filters given, so that SQLite walks the sort's index for an unfiltered list. With another sort than the
    // start (timeByIndex false), the time range is checked on the sort's index (which holds the start) rather than
    // scanned on the primary key: a range is then a walk from the top of the sort's index that stops once the page is
    // full, instead of sorting every conversation of the range (all time by cost: 80 ms → a few).
    private static List<string> Filters(ConversationQuery query, bool timeByIndex, bool commonText)
    {
        var where = new List<string>();
        var started = timeByIndex ? "started" : "+started";
        if (query.Since is not null)
        {
            where.Add($"{started} >= $since");
        }

        if (query.Until is not null)
        {
            where.Add($"{started} < $until");
        }

        if (query.Model is not null)
        {
            where.Add("(model = $model OR EXISTS (SELECT 1 FROM json_each(tokens_by_model) WHERE key = $model))");
        }

        if (query.Originator is not null)
        {
            where.Add("originator = $originator");
        }

        if (query.SenderKey is not null)
        {
            where.Add("id IN (SELECT conversation_id FROM conversation_senders WHERE key = $senderKey)");
        }

        if (query.HasErrors is { } errors)
        {
            where.Add(errors ? "errors > 0" : "errors = 0");
        }

        if (query.HasDenials is { } denials)
        {
            where.Add(denials ? "denials > 0" : "denials = 0");
        }

        if (query.Text is not null && Fts5Query.From(query.Text) is null)
        {
            where.Add("0");
        }
        else if (query.Text is not null && commonText)
        {
            // Each conversation walked is checked: its events' entries in events_by_conversation (which hold their seq)
            // against the matches, made once into a set.
            where.Add(
                """
                EXISTS (SELECT 1 FROM events e WHERE e.conversation_id = conversations.id
                        AND e.seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH $text))
                """);
        }
        else if (query.Text is not null)
        {
            // The conversations of every matching event, made once into a set (not one full-text query per conversation).
            where.Add("id IN (SELECT e.conversation_id FROM events e WHERE e.seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH $text))");
        }

        return where;
    }

    private static void BindFilters(RawStatement statement, ConversationQuery query)
    {
        statement.Bind(statement.Parameter("$since"), query.Since?.UtcTicks);
        statement.Bind(statement.Parameter("$until"), query.Until?.UtcTicks);
        statement.Bind(statement.Parameter("$model"), query.Model);
        statement.Bind(statement.Parameter("$originator"), query.Originator);
        statement.Bind(statement.Parameter("$senderKey"), query.SenderKey);
        statement.Bind(statement.Parameter("$text"), query.Text is null ? null : Fts5Query.From(query.Text));
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
