using CodexOtel.Codex;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Tool calls over a range, per tool, and one tool's calls page by page: from the partial indexes of migration 6 over
/// the events that name a tool (by time, covering what the statistics read; and by tool, for a tool's calls), and over
/// long ranges from their rollup (migration 9, <see cref="SqliteToolRollup"/>).
/// </summary>
internal static class SqliteTools
{
    public static List<ToolStatsRow> Stats(SqliteConnection connection, DateTimeOffset? since, DateTimeOffset? until)
    {
        var tools = new Dictionary<string, Tool>(StringComparer.Ordinal);
        // Only the span the tool events take inside the range matters: all time over a day's events is exact.
        if (Span(connection, since?.UtcTicks ?? long.MinValue, until?.UtcTicks ?? long.MaxValue) is not var (first, end))
        {
            return [];
        }

        var estimate = end - first > ToolDurationHistogram.ExactUpTo.Ticks;
        if (!estimate)
        {
            AddEvents(connection, tools, first, end);
        }
        else
        {
            const long hour = TimeSpan.TicksPerHour, day = TimeSpan.TicksPerDay;
            var (firstHour, firstDay) = (CeilTo(first, hour), CeilTo(first, day));
            var (lastDay, lastHour) = (end / day * day, end / hour * hour);
            AddEvents(connection, tools, first, firstHour);
            AddRollup(connection, tools, SqliteToolRollup.Hour, firstHour, firstDay);
            AddRollup(connection, tools, SqliteToolRollup.Day, firstDay, lastDay);
            AddRollup(connection, tools, SqliteToolRollup.Hour, lastDay, lastHour);
            AddEvents(connection, tools, lastHour, end);
        }

        return [.. tools
            .Select(t => t.Value.Row(t.Key, estimate))
            .OrderByDescending(t => t.Calls)
            .ThenBy(t => t.Tool, StringComparer.Ordinal)];
    }

    private static long CeilTo(long ticks, long width) => (ticks + width - 1) / width * width;

    // The first tool event's time in [since, until) and the tick after the last; two seeks in the tool events' index.
    private static (long First, long End)? Span(SqliteConnection connection, long since, long until)
    {
        long? Edge(string order)
        {
            using var edge = new RawStatement(
                connection,
                $"SELECT time FROM events INDEXED BY events_tools_by_time WHERE tool IS NOT NULL AND time >= ? AND time < ? ORDER BY time {order} LIMIT 1");
            edge.Bind(1, since);
            edge.Bind(2, until);
            return edge.ExecuteScalarInt64();
        }

        return Edge("ASC") is { } first && Edge("DESC") is { } last ? (first, last + 1) : null;
    }

    private static void AddEvents(SqliteConnection connection, Dictionary<string, Tool> tools, long since, long until)
    {
        if (since >= until)
        {
            return;
        }

        using var query = new RawStatement(
            connection,
            """
            SELECT tool, kind, success, duration_ms, decision, call_id, time FROM events INDEXED BY events_tools_by_time
            WHERE tool IS NOT NULL AND time >= ? AND time < ?
            """);
        query.Bind(1, since);
        query.Bind(2, until);
        var resultKind = EventKinds.Name(CodexEventKind.ToolResult);
        while (query.Step())
        {
            var tool = Of(tools, query.Text(0)!);
            if (query.Text(1) == resultKind)
            {
                tool.Calls++;
                tool.Failures += !query.IsNull(2) && query.Int64(2) == 0 ? 1 : 0;
                if (!query.IsNull(3))
                {
                    tool.Durations.Add(query.Double(3));
                }
            }

            // A call denied by its decision and again on its result counts once (in each UTC hour, as the rollup counts).
            if (ToolRejection.IsDenial(query.Text(4))
                && (query.Text(5) is not { } callId || tool.DeniedCalls.Add((query.Int64(6) / TimeSpan.TicksPerHour, callId))))
            {
                tool.Denials++;
            }
        }

        query.Reset();
    }

    private static void AddRollup(SqliteConnection connection, Dictionary<string, Tool> tools, int span, long since, long until)
    {
        if (since >= until)
        {
            return;
        }

        var buckets = SqliteToolRollup.BucketColumns;
        using var query = new RawStatement(
            connection,
            $"""
            SELECT tool, sum(calls), sum(failures), sum(denials), {string.Join(", ", buckets.Select(b => $"sum({b})"))}
            FROM tool_rollup WHERE span = ? AND start >= ? AND start < ? GROUP BY tool
            """);
        query.Bind(1, span);
        query.Bind(2, since);
        query.Bind(3, until);
        while (query.Step())
        {
            var tool = Of(tools, query.Text(0)!);
            tool.Calls += (int)query.Int64(1);
            tool.Failures += (int)query.Int64(2);
            tool.Denials += (int)query.Int64(3);
            for (var i = 0; i < buckets.Length; i++)
            {
                tool.Buckets[i] += query.Int64(4 + i);
            }
        }

        query.Reset();
    }

    private static Tool Of(Dictionary<string, Tool> tools, string name)
    {
        if (!tools.TryGetValue(name, out var tool))
        {
            tools[name] = tool = new Tool();
        }

        return tool;
    }

    public static ToolCallPage Calls(SqliteConnection connection, ToolCallQuery query)
    {
        var limit = Math.Max(1, query.Limit);
        using var select = new RawStatement(
            connection,
            $"""
            SELECT time, seq, conversation_id, call_id, substr(text, 1, {ToolCallQuery.SnippetChars}), duration_ms, success,
                substr(detail, 1, {ToolCallQuery.SnippetChars})
            FROM events INDEXED BY events_tool_results_by_tool
            WHERE kind = 'ToolResult' AND tool = ? AND time >= ? AND time < ? AND (time, seq) < (?, ?)
            ORDER BY time DESC, seq DESC LIMIT ?
            """);
        select.Bind(1, query.Tool);
        select.Bind(2, query.Since?.UtcTicks ?? long.MinValue);
        select.Bind(3, query.Until?.UtcTicks ?? long.MaxValue);
        select.Bind(4, query.After?.TimeTicks ?? long.MaxValue);
        select.Bind(5, query.After?.Seq ?? long.MaxValue);
        select.Bind(6, limit + 1L);
        var rows = new List<(long Seq, ToolCallRow Row)>();
        while (select.Step())
        {
            rows.Add((select.Int64(1), new ToolCallRow(
                new DateTimeOffset(select.Int64(0), TimeSpan.Zero),
                select.Text(2)!,
                null,
                select.Text(3),
                select.Text(4),
                select.IsNull(5) ? null : select.Double(5),
                select.IsNull(6) ? null : select.Int64(6) != 0,
                select.Text(7))));
        }

        select.Reset();
        var next = rows.Count > limit ? new ToolCallPosition(rows[limit - 1].Row.Time.UtcTicks, rows[limit - 1].Seq) : null;
        using var turn = new RawStatement(connection, "SELECT max(number) FROM turns WHERE conversation_id = ? AND started <= ?");
        return new ToolCallPage([.. rows.Take(limit).Select(r => r.Row with { Turn = TurnOf(turn, r.Row) })], next);
    }

    // The last turn that started at or before the call (null until the conversation's summary is saved).
    private static int? TurnOf(RawStatement turn, ToolCallRow call)
    {
        turn.Bind(1, call.ConversationId);
        turn.Bind(2, call.Time.UtcTicks);
        return turn.ExecuteScalarInt64() is { } number ? (int)number : null;
    }

    private sealed class Tool
    {
        public int Calls;
        public int Failures;
        public int Denials;
        public readonly List<double> Durations = [];
        public readonly long[] Buckets = new long[ToolDurationHistogram.BucketCount];
        public readonly HashSet<(long Hour, string CallId)> DeniedCalls = [];

        public ToolStatsRow Row(string name, bool estimate)
        {
            if (estimate)
            {
                foreach (var duration in Durations)
                {
                    Buckets[ToolDurationHistogram.BucketOf(duration)]++;
                }

                return new ToolStatsRow(
                    name, Calls, Failures, Denials, ToolDurationHistogram.Quantile(Buckets, 0.50), ToolDurationHistogram.Quantile(Buckets, 0.95));
            }

            Durations.Sort();
            return new ToolStatsRow(name, Calls, Failures, Denials, Percentile(0.50), Percentile(0.95));
        }

        // Nearest rank: the smallest duration that at least this share of the calls do not exceed.
        private double? Percentile(double share) =>
            Durations.Count == 0 ? null : Durations[Math.Clamp((int)Math.Ceiling(share * Durations.Count) - 1, 0, Durations.Count - 1)];
    }
}
