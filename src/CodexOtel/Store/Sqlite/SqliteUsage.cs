using CodexOtel.Codex;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>Usage per day, model and conversation, from the buckets saved with the summaries.</summary>
internal static class SqliteUsage
{
    public static List<UsageRow> Query(SqliteConnection connection, DateTimeOffset? since, DateTimeOffset? until, TimeZoneInfo zone)
    {
        using var query = new RawStatement(
            connection,
            """
            SELECT conversation_id, model, bucket, turns, responses, input_tokens, cached_tokens, output_tokens, reasoning_tokens
            FROM usage WHERE bucket >= ? AND bucket < ?
            """);
        query.Bind(1, UsageBuckets.From(since));
        query.Bind(2, UsageBuckets.Until(until));

        var rows = new Dictionary<(DateOnly, string, string), UsageRow>();
        var days = new Dictionary<long, DateOnly>();
        while (query.Step())
        {
            var conversation = System.Text.Encoding.UTF8.GetString(query.Utf8(0));
            var model = System.Text.Encoding.UTF8.GetString(query.Utf8(1));
            var bucket = query.Int64(2);
            if (!days.TryGetValue(bucket, out var day))
            {
                days[bucket] = day = UsageBuckets.Day(bucket, zone);
            }

            var tokens = new TokenUsage(query.Int64(5), query.Int64(6), query.Int64(7), query.Int64(8));
            var key = (day, model, conversation);
            rows[key] = rows.TryGetValue(key, out var sum)
                ? sum with { Turns = sum.Turns + (int)query.Int64(3), Responses = sum.Responses + (int)query.Int64(4), Tokens = sum.Tokens + tokens }
                : new UsageRow(day, model.Length == 0 ? null : model, conversation, (int)query.Int64(3), (int)query.Int64(4), tokens);
        }

        query.Reset();
        return [.. rows.Values
            .OrderBy(r => r.Day)
            .ThenBy(r => r.Model, StringComparer.Ordinal)
            .ThenBy(r => r.ConversationId, StringComparer.Ordinal)];
    }
}
