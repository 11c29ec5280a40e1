using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Keeps <c>tool_rollup</c> (schema 9) equal to what the events that name a tool sum to, per tool and UTC hour
/// (span 1) and day (span 24): events, calls (results), failures, denials and the calls per duration bucket
/// (<see cref="ToolDurationHistogram"/>, columns d0…d89). A batch's new events are deposited by the writer in the
/// batch's transaction: read with one statement over the new rows (as it indexes their text; a trigger per row would
/// cost the import a statement journal each) and summed here. Removed events are withdrawn by the delete trigger, in
/// the deleting transaction; a reset drops the table with the events. Denials count each call once per hour: the
/// events of a denied call without an earlier denied event of the same tool and call in the same hour.
/// </summary>
internal sealed class SqliteToolRollup : IDisposable
{
    public const int Hour = 1;
    public const int Day = 24;

    private const string Sums = "events, calls, failures, denials";

    /// <summary>The duration bucket columns, in bucket order.</summary>
    public static readonly string[] BucketColumns = [.. Enumerable.Range(0, ToolDurationHistogram.BucketCount).Select(i => $"d{i}")];

    private static readonly string AllSums = $"{Sums}, {string.Join(", ", BucketColumns)}";

    private static string Denial(string row) => $"({row}.decision LIKE 'denied%' OR {row}.decision = 'abort' COLLATE NOCASE)";

    // A denied event of the hour of `row` with its tool and call: a call's denials after its first in an hour add nothing.
    private static string DeniedInHour(string row) => $"""
        SELECT 1 FROM events o
        WHERE o.tool IS NOT NULL AND o.time >= {Start(row, Hour)} AND o.time < {Start(row, Hour)} + {TimeSpan.TicksPerHour}
            AND o.tool = {row}.tool AND o.call_id = {row}.call_id AND {Denial("o")}
        """;

    // What one event (alias `row`) adds to each sum, in the order of AllSums, with the denial given.
    // (A null column makes a comparison null: each is 0 then, so that a sum never turns null.)
    private static string[] Adds(string row, string denial) =>
    [
        "1",
        $"{row}.kind = 'ToolResult'",
        $"coalesce({row}.kind = 'ToolResult' AND {row}.success = 0, 0)",
        $"coalesce({denial}, 0)",
        .. BucketColumns.Select((_, i) => $"coalesce({row}.kind = 'ToolResult' AND {ToolDurationHistogram.SqlIn($"{row}.duration_ms", i)}, 0)"),
    ];

    private static string[] SumColumns => AllSums.Split(", ");

    private static string Start(string row, object span) => $"{row}.time / ({span} * {TimeSpan.TicksPerHour}) * ({span} * {TimeSpan.TicksPerHour})";

    private static readonly string Spans = $"(SELECT {Hour} AS span UNION ALL SELECT {Day})";

    /// <summary>The table, the delete trigger, and the sums of the events already stored (migration 9).</summary>
    public static readonly string Migration = $"""
        CREATE TABLE tool_rollup (
            span INTEGER NOT NULL,
            start INTEGER NOT NULL,
            tool TEXT NOT NULL,
            {string.Join(",\n    ", SumColumns.Select(c => $"{c} INTEGER NOT NULL"))},
            PRIMARY KEY (span, start, tool)
        ) WITHOUT ROWID;

        CREATE TRIGGER tool_rollup_delete AFTER DELETE ON events WHEN old.tool IS NOT NULL
        BEGIN
            UPDATE tool_rollup
            SET {string.Join(", ", SumColumns.Zip(Adds("old", $"CASE WHEN {Denial("old")} THEN old.call_id IS NULL OR NOT EXISTS ({DeniedInHour("old")}) ELSE 0 END")).Select(p => $"{p.First} = {p.First} - ({p.Second})"))}
            WHERE (span, start, tool) IN (SELECT spans.span, {Start("old", "spans.span")}, old.tool FROM {Spans} spans);
            DELETE FROM tool_rollup
            WHERE events = 0 AND (span, start, tool) IN (SELECT spans.span, {Start("old", "spans.span")}, old.tool FROM {Spans} spans);
        END;

        INSERT INTO tool_rollup (span, start, tool, {AllSums})
        SELECT {Hour}, {Start("e", Hour)}, e.tool, {string.Join(", ", Adds("e", "").Take(3).Select(a => $"sum({a})"))},
            coalesce(sum({Denial("e")} AND e.call_id IS NULL), 0) + count(DISTINCT CASE WHEN {Denial("e")} THEN e.call_id END),
            {string.Join(", ", Adds("e", "").Skip(4).Select(a => $"sum({a})"))}
        FROM events e INDEXED BY events_tools_by_time WHERE e.tool IS NOT NULL
        GROUP BY 2, 3;

        INSERT INTO tool_rollup (span, start, tool, {AllSums})
        SELECT {Day}, start / {TimeSpan.TicksPerDay} * {TimeSpan.TicksPerDay}, tool, {string.Join(", ", SumColumns.Select(c => $"sum({c})"))}
        FROM tool_rollup WHERE span = {Hour}
        GROUP BY 2, 3;
        """;

    // The batch's new tool events (seq above the last before it), with what each adds to its hour and day but its
    // duration's bucket, which is found here (a binary search, not 90 comparisons in SQL). The denial check's subquery
    // runs only for denials (CASE stops, AND need not).
    private static readonly string NewEventsSql = $"""
        SELECT e.time, e.tool,
            {string.Join(", ", Adds("e", $"CASE WHEN {Denial("e")} THEN e.call_id IS NULL OR NOT EXISTS ({DeniedInHour("e")} AND o.seq < e.seq) ELSE 0 END").Take(4).Skip(1))},
            e.duration_ms
        FROM events e WHERE e.seq > ? AND e.tool IS NOT NULL
        """;

    private static readonly string AddSql = $"""
        INSERT INTO tool_rollup (span, start, tool, {AllSums}) VALUES (?, ?, ?, {string.Join(", ", SumColumns.Select(_ => "?"))})
        ON CONFLICT (span, start, tool) DO UPDATE SET {string.Join(", ", SumColumns.Select(c => $"{c} = {c} + excluded.{c}"))}
        """;

    private readonly RawStatement _newEvents;
    private readonly RawStatement _add;
    private readonly Dictionary<(int Span, long Start, string Tool), long[]> _sums = [];

    public SqliteToolRollup(SqliteConnection connection)
    {
        _newEvents = new RawStatement(connection, NewEventsSql);
        _add = new RawStatement(connection, AddSql);
    }

    /// <summary>Adds the events stored after <paramref name="lastSeq"/> (this batch's) to the rollup.</summary>
    public void Deposit(long lastSeq)
    {
        _newEvents.Bind(1, lastSeq);
        try
        {
            while (_newEvents.Step())
            {
                var (time, tool) = (_newEvents.Int64(0), _newEvents.Text(1)!);
                var isResult = _newEvents.Int64(2) != 0;
                var bucket = isResult && !_newEvents.IsNull(5) ? ToolDurationHistogram.BucketOf(_newEvents.Double(5)) : -1;
                foreach (var span in (ReadOnlySpan<int>)[Hour, Day])
                {
                    var width = span * TimeSpan.TicksPerHour;
                    ref var sums = ref CollectionsMarshal.GetValueRefOrAddDefault(_sums, (span, time / width * width, tool), out _);
                    sums ??= new long[SumColumns.Length];
                    sums[0]++;
                    sums[1] += isResult ? 1 : 0;
                    sums[2] += _newEvents.Int64(3);
                    sums[3] += _newEvents.Int64(4);
                    if (bucket >= 0)
                    {
                        sums[4 + bucket]++;
                    }
                }
            }
        }
        finally
        {
            _newEvents.Reset();
        }

        foreach (var ((span, start, tool), sums) in _sums)
        {
            _add.Bind(1, span);
            _add.Bind(2, start);
            _add.Bind(3, tool);
            for (var i = 0; i < sums.Length; i++)
            {
                _add.Bind(4 + i, sums[i]);
            }

            _add.Execute();
        }

        _sums.Clear();
    }

    public void Dispose()
    {
        _newEvents.Dispose();
        _add.Dispose();
    }
}
