using CodexOtel.Codex;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// The read side of the index over events: a conversation's events (read for every summary the indexer builds, so
/// prepared once) and full-text search.
/// </summary>
internal sealed class SqliteEventQueries(SqliteConnection connection) : IDisposable
{
    private readonly RawStatement _events = new(
        connection,
        $"SELECT {SqliteEventReader.Select} FROM {SqliteEventReader.From} WHERE e.conversation_id = ?");

    private readonly RawStatement _exists = new(connection, "SELECT 1 FROM events WHERE conversation_id = ? LIMIT 1");

    private readonly RawStatement _turn = new(
        connection,
        "SELECT max(number) FROM turns WHERE conversation_id = ? AND started <= ?");

    // Sorted here rather than by SQLite, whose sorter would copy whole rows (tool output and all).
    public List<CodexEvent> Events(string conversationId)
    {
        var reader = new SqliteEventReader();
        var rows = new List<(long Time, long Seq, CodexEvent Event)>();
        _events.Bind(1, conversationId);
        try
        {
            while (_events.Step())
            {
                var e = reader.Read(_events);
                rows.Add((e.Time.UtcTicks, _events.Int64(SqliteEventReader.SeqColumn), e));
            }
        }
        finally
        {
            _events.Reset();
        }

        rows.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Seq.CompareTo(b.Seq));
        return rows.ConvertAll(r => r.Event);
    }

    public HashSet<string> Known(IEnumerable<string> conversationIds)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in conversationIds)
        {
            _exists.Bind(1, id);
            if (_exists.ExecuteScalarInt64() is not null)
            {
                known.Add(id);
            }
        }

        return known;
    }

    // Newest first (by insertion), which FTS5 walks without ranking every match: common words stay fast. The cursor is
    // the last hit's rowid (events.seq), so a later page starts where the previous one stopped, even while the indexer
    // adds events (they come after the first page, not in the middle).
    public SearchPage Search(EventSearch search)
    {
        var hits = new List<(long Seq, SearchHit Hit)>();
        var limit = Math.Max(1, search.Limit);
        if (Fts5Query.From(search.Text) is not { } match)
        {
            return new SearchPage([], null);
        }

        using var query = new RawStatement(
            connection,
            $"""
            SELECT {SqliteEventReader.Select}, snippet(events_fts, -1, char(2), char(3), '…', 16), events_fts.rowid
            FROM events_fts JOIN events e ON e.seq = events_fts.rowid {SqliteEventReader.Joins}
            WHERE events_fts MATCH ? AND events_fts.rowid < ? ORDER BY events_fts.rowid DESC LIMIT ?
            """);
        query.Bind(1, match);
        query.Bind(2, search.After?.IndexedSeq ?? long.MaxValue);
        query.Bind(3, limit + 1L);
        var reader = new SqliteEventReader();
        while (query.Step())
        {
            var e = reader.Read(query);
            var snippet = System.Text.Encoding.UTF8.GetString(query.Utf8(SqliteEventReader.ColumnCount));
            hits.Add((query.Int64(SqliteEventReader.ColumnCount + 1), new SearchHit(e.ConversationId, null, e, snippet)));
        }

        query.Reset();
        var next = hits.Count > limit ? new SearchPosition(hits[limit - 1].Seq) : null;
        return new SearchPage([.. hits.Take(limit).Select(h => h.Hit with { Turn = TurnOf(h.Hit.Event) })], next);
    }

    public void Dispose()
    {
        _events.Dispose();
        _exists.Dispose();
        _turn.Dispose();
    }

    // The last turn that started at or before the event (null until the conversation's summary is saved).
    private int? TurnOf(CodexEvent e)
    {
        _turn.Bind(1, e.ConversationId);
        _turn.Bind(2, e.Time.UtcTicks);
        return _turn.ExecuteScalarInt64() is { } turn ? (int)turn : null;
    }
}
