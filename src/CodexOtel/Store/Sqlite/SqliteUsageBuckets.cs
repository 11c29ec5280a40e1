using CodexOtel.Codex;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// A range's usage summed per span and model, and the conversations active in it, from the rollups kept with the
/// buckets (<see cref="SqliteUsageRollup"/>): whole days and hours from <c>usage_rollup</c>, the quarter hours at
/// the ends from <c>usage</c>, so that all time costs about what a month does.
/// </summary>
internal static class SqliteUsageBuckets
{
    /// <summary>Gaps between a conversation's buckets longer than this are indexed apart (<c>usage_steps_resumed</c>, schema 8).</summary>
    private const long ResumedAfter = 96;

    public static List<UsageBucketRow> Query(SqliteConnection connection, DateTimeOffset? since, DateTimeOffset? until, UsageGrain coarsest)
    {
        using var buckets = new RawStatement(
            connection,
            """
            SELECT bucket, model, sum(turns), sum(responses), sum(input_tokens), sum(cached_tokens), sum(output_tokens),
                sum(reasoning_tokens), sum(tool_calls), sum(denials), sum(errors)
            FROM usage WHERE bucket >= ? AND bucket < ? GROUP BY bucket, model ORDER BY bucket, model
            """);
        using var rollup = new RawStatement(
            connection,
            """
            SELECT start, model, turns, responses, input_tokens, cached_tokens, output_tokens, reasoning_tokens, tool_calls, denials, errors
            FROM usage_rollup WHERE span = ? AND start >= ? AND start < ? ORDER BY start, model
            """);
        var rows = new List<UsageBucketRow>();
        foreach (var span in UsageSpans.Cover(UsageBuckets.From(since), UsageBuckets.Until(until), coarsest))
        {
            var query = span.Width == 1 ? buckets : rollup;
            var first = span.Width == 1 ? 1 : 2;
            if (span.Width != 1)
            {
                query.Bind(1, span.Width);
            }

            query.Bind(first, span.From);
            query.Bind(first + 1, span.Until);
            Read(query, rows);
        }

        return rows;
    }

    /// <summary>
    /// Conversations with a bucket in the range: those whose first bucket is in it (summed from the rollup), and those
    /// begun before it whose first bucket since its start is in it (the step that crosses its start: a day back at
    /// most, or a resumption).
    /// </summary>
    public static long ActiveConversations(SqliteConnection connection, DateTimeOffset? since, DateTimeOffset? until)
    {
        var from = Math.Max(UsageBuckets.From(since), 0);
        var to = UsageBuckets.Until(until);
        using var openedInBuckets = new RawStatement(connection, "SELECT count(*) FROM usage_steps WHERE bucket >= ? AND bucket < ? AND previous IS NULL");
        using var openedInRollup = new RawStatement(connection, "SELECT coalesce(sum(conversations), 0) FROM usage_rollup WHERE span = ? AND start >= ? AND start < ?");
        long active = 0;
        foreach (var span in UsageSpans.Cover(from, to, UsageGrain.Day))
        {
            var query = span.Width == 1 ? openedInBuckets : openedInRollup;
            var first = span.Width == 1 ? 1 : 2;
            if (span.Width != 1)
            {
                query.Bind(1, span.Width);
            }

            query.Bind(first, span.From);
            query.Bind(first + 1, span.Until);
            active += query.ExecuteScalarInt64() ?? 0;
        }

        using var continued = new RawStatement(
            connection,
            $"""
            SELECT (SELECT count(*) FROM usage_steps WHERE bucket >= $from AND bucket < min($to, $from + {ResumedAfter}) AND previous < $from)
                + (SELECT count(*) FROM usage_steps
                   WHERE bucket >= $from + {ResumedAfter} AND bucket < $to AND previous < $from AND bucket - previous > {ResumedAfter})
            """);
        continued.Bind(continued.Parameter("$from"), from);
        continued.Bind(continued.Parameter("$to"), to);
        return active + (continued.ExecuteScalarInt64() ?? 0);
    }

    private static void Read(RawStatement query, List<UsageBucketRow> rows)
    {
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
    }
}
