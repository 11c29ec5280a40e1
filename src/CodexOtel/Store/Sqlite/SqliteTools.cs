using CodexOtel.Codex;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Tool calls over a range, per tool, and one tool's calls page by page: from the partial indexes of migration 6 over
/// the events that name a tool (by time, covering what the statistics read; and by tool, for a tool's calls).
/// </summary>
internal static class SqliteTools
{
    public static List<ToolStatsRow> Stats(SqliteConnection connection, DateTimeOffset? since, DateTimeOffset? until)
    {
        using var query = new RawStatement(
            connection,
            """
            SELECT tool, kind, success, duration_ms, decision, call_id FROM events INDEXED BY events_tools_by_time
            WHERE tool IS NOT NULL AND time >= ? AND time < ?
            """);
        query.Bind(1, since?.UtcTicks ?? long.MinValue);
        query.Bind(2, until?.UtcTicks ?? long.MaxValue);
        var tools = new Dictionary<string, Tool>(StringComparer.Ordinal);
        var resultKind = EventKinds.Name(CodexEventKind.ToolResult);
        while (query.Step())
        {
            var name = query.Text(0)!;
            if (!tools.TryGetValue(name, out var tool))
            {
                tools[name] = tool = new Tool();
            }

            var isResult = query.Text(1) == resultKind;
            if (isResult)
            {
                tool.Calls++;
                tool.Failures += !query.IsNull(2) && query.Int64(2) == 0 ? 1 : 0;
                if (!query.IsNull(3))
                {
                    tool.Durations.Add(query.Double(3));
                }
            }

            // A call denied by its decision and again on its result counts once.
            if (ToolRejection.IsDenial(query.Text(4)) && (query.Text(5) is not { } callId || tool.DeniedCalls.Add(callId)))
            {
                tool.Denials++;
            }
        }

        query.Reset();
        return [.. tools
            .Select(t => t.Value.Row(t.Key))
            .OrderByDescending(t => t.Calls)
            .ThenBy(t => t.Tool, StringComparer.Ordinal)];
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
        public readonly HashSet<string> DeniedCalls = new(StringComparer.Ordinal);

        public ToolStatsRow Row(string name)
        {
            Durations.Sort();
            return new ToolStatsRow(name, Calls, Failures, Denials, Percentile(0.50), Percentile(0.95));
        }

        // Nearest rank: the smallest duration that at least this share of the calls do not exceed.
        private double? Percentile(double share) =>
            Durations.Count == 0 ? null : Durations[Math.Clamp((int)Math.Ceiling(share * Durations.Count) - 1, 0, Durations.Count - 1)];
    }
}
