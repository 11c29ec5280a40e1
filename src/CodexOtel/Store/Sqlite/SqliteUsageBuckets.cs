using CodexOtel.Codex;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// A range's usage summed per bucket and model, and the conversations active in it: range scans of
/// <c>usage_by_bucket</c>, which holds every column they read (no row lookups, however long the range).
/// </summary>
internal static class SqliteUsageBuckets
{
    /// <summary>Per bucket and model; with <paramref name="perModel"/>, per model only (a third of the time for a month), each dated at the range's first bucket.</summary>
    public static List<UsageBucketRow> Query(SqliteConnection connection, DateTimeOffset? since, DateTimeOffset? until, bool perModel = false)
    {
        using var query = new RawStatement(
            connection,
            $"""
            SELECT {(perModel ? "min(bucket)" : "bucket")}, model, sum(turns), sum(responses), sum(input_tokens), sum(cached_tokens),
                sum(output_tokens), sum(reasoning_tokens), sum(tool_calls), sum(denials), sum(errors)
            FROM usage WHERE bucket >= ? AND bucket < ?
            {(perModel ? "GROUP BY model ORDER BY model" : "GROUP BY bucket, model ORDER BY bucket, model")}
            """);
        query.Bind(1, UsageBuckets.From(since));
        query.Bind(2, UsageBuckets.Until(until));
        var rows = new List<UsageBucketRow>();
        while (query.Step())
        {
            var model = query.Text(1);
            rows.Add(new UsageBucketRow(
                new DateTimeOffset(query.Int64(0) * UsageBuckets.BucketTicks, TimeSpan.Zero),
                string.IsNullOrEmpty(model) ? null : model,
                (int)query.Int64(2),
                (int)query.Int64(3),
                new TokenUsage(query.Int64(4), query.Int64(5), query.Int64(6), query.Int64(7)),
                (int)query.Int64(8),
                (int)query.Int64(9),
                (int)query.Int64(10)));
        }

        query.Reset();
        return rows;
    }

    public static long ActiveConversations(SqliteConnection connection, DateTimeOffset? since, DateTimeOffset? until)
    {
        using var query = new RawStatement(connection, "SELECT count(DISTINCT conversation_id) FROM usage WHERE bucket >= ? AND bucket < ?");
        query.Bind(1, UsageBuckets.From(since));
        query.Bind(2, UsageBuckets.Until(until));
        return query.ExecuteScalarInt64() ?? 0;
    }
}
