using System.Globalization;
using System.Runtime.InteropServices;
using CodexOtel.Codex;
using CodexOtel.Ledger;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// The write side of the index: statements prepared once and stepped for every row, one transaction per batch.
/// Not thread-safe; the store serialises calls.
/// </summary>
internal sealed class SqliteEventWriter : IDisposable
{
    private static readonly string[] Columns =
    [
        "key", "key_hash", "conversation_id", "time", "kind", "name", "model", "call_id", "tool", "decision", "decision_source",
        "success", "duration_ms", "status", "input_tokens", "cached_tokens", "output_tokens", "reasoning_tokens",
        "estimated_usd", "text", "detail", "truncated", "source", "trace_id", "span_id", "turn_id", "resource_id", "attributes",
        "shape_id",
    ];

    private readonly RawStatement _insertEvent;
    private readonly RowBindings _row;
    private readonly RawStatement _storedKey;
    private readonly RawStatement _lastSeq;
    private readonly RawStatement _indexText;
    private readonly SqliteToolRollup _toolRollup;
    private readonly StoredJsonIds _resources;
    private readonly StoredJsonIds _shapes;
    private readonly RawStatement _markStale;
    private readonly RawStatement _countSource;
    private readonly RawStatement _saveCheckpoint;
    private IReadOnlyDictionary<string, object?>? _lastResource;
    private long _lastResourceId;

    public SqliteEventWriter(SqliteConnection connection)
    {
        _insertEvent = new RawStatement(
            connection,
            $"INSERT OR IGNORE INTO events ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(_ => "?"))})");
        _row = new RowBindings(_insertEvent, Columns.Length);
        _storedKey = new RawStatement(connection, "SELECT key FROM events WHERE conversation_id = ? AND key_hash = ?");
        _lastSeq = new RawStatement(connection, "SELECT coalesce(max(seq), 0) FROM events");
        _indexText = new RawStatement(
            connection,
            "INSERT INTO events_fts (rowid, text, detail) SELECT seq, text, detail FROM events WHERE seq > ? AND (text IS NOT NULL OR detail IS NOT NULL)");
        _toolRollup = new SqliteToolRollup(connection);
        _resources = new StoredJsonIds(connection, "resources");
        _shapes = new StoredJsonIds(connection, "attribute_shapes");
        _markStale = new RawStatement(connection, "INSERT OR IGNORE INTO stale_conversations (id) VALUES (?)");
        _countSource = new RawStatement(
            connection,
            """
            INSERT INTO source_stats (source, events, last_time) VALUES (?, ?, ?)
            ON CONFLICT (source) DO UPDATE SET events = events + excluded.events, last_time = max(last_time, excluded.last_time)
            """);
        _saveCheckpoint = new RawStatement(
            connection,
            """
            INSERT INTO checkpoints (stream, segment_id, offset) VALUES (?, ?, ?)
            ON CONFLICT (stream) DO UPDATE SET segment_id = excluded.segment_id, offset = excluded.offset
            """);
    }

    /// <summary>Writes the batch in the transaction the connection has open; returns the conversations that gained events.</summary>
    public HashSet<string> Write(IReadOnlyCollection<CodexEvent> events, string stream, LedgerCheckpoint? checkpoint)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var sources = new Dictionary<string, (long Events, long LastTime)>(StringComparer.Ordinal);
        // Rows are numbered past the largest seq, so the batch's new rows are those above it.
        var lastSeq = _lastSeq.ExecuteScalarInt64() ?? 0;
        // Consecutive events mostly share conversation and source: each run is counted once.
        string? lastConversation = null;
        foreach (var e in events)
        {
            if (Insert(e))
            {
                if (!string.Equals(e.ConversationId, lastConversation, StringComparison.Ordinal))
                {
                    changed.Add(lastConversation = e.ConversationId);
                }

                ref var source = ref CollectionsMarshal.GetValueRefOrAddDefault(sources, e.Source, out var existed);
                source = existed ? (source.Events + 1, Math.Max(source.LastTime, e.Time.UtcTicks)) : (1, e.Time.UtcTicks);
            }
        }

        if (changed.Count > 0)
        {
            _indexText.Bind(1, lastSeq);
            _indexText.Execute();
            _toolRollup.Deposit(lastSeq);
        }

        foreach (var id in changed)
        {
            _markStale.Bind(1, id);
            _markStale.Execute();
        }

        foreach (var (source, (count, last)) in sources)
        {
            _countSource.Bind(1, source);
            _countSource.Bind(2, count);
            _countSource.Bind(3, last);
            _countSource.Execute();
        }

        if (checkpoint is not null)
        {
            _saveCheckpoint.Bind(1, stream);
            _saveCheckpoint.Bind(2, checkpoint.SegmentId);
            _saveCheckpoint.Bind(3, checkpoint.Offset);
            _saveCheckpoint.Execute();
        }

        return changed;
    }

    // Inserts unless the conversation has an event with this key. Keys whose hashes collide get the next free hash.
    private bool Insert(CodexEvent e)
    {
        for (var hash = KeyHash.Of(e.Key); ; hash++)
        {
            Bind(e, hash);
            if (_insertEvent.Execute() == 1)
            {
                return true;
            }

            _storedKey.Bind(1, e.ConversationId);
            _storedKey.Bind(2, hash);
            if (_storedKey.ExecuteScalarText() is not { } stored || stored == e.Key)
            {
                return false;
            }
        }
    }

    /// <summary>Forgets cached resource ids (after a reset or a rollback).</summary>
    public void Forget()
    {
        _resources.Forget();
        _shapes.Forget();
        _lastResource = null;
    }

    public void Dispose()
    {
        _insertEvent.Dispose();
        _storedKey.Dispose();
        _lastSeq.Dispose();
        _indexText.Dispose();
        _toolRollup.Dispose();
        _resources.Dispose();
        _shapes.Dispose();
        _markStale.Dispose();
        _countSource.Dispose();
        _saveCheckpoint.Dispose();
    }

    private void Bind(CodexEvent e, long keyHash)
    {
        var row = _row;
        row.Set(1, e.Key);
        row.Set(2, keyHash);
        row.Set(3, e.ConversationId);
        row.Set(4, e.Time.UtcTicks);
        row.Set(5, EventKinds.Name(e.Kind));
        row.Set(6, e.Name);
        row.Set(7, e.Model);
        row.Set(8, e.CallId);
        row.Set(9, e.Tool);
        row.Set(10, e.Decision);
        row.Set(11, e.DecisionSource);
        row.Set(12, e.Success is { } success ? (success ? 1L : 0L) : null);
        row.Set(13, e.DurationMs);
        row.Set(14, e.Status);
        row.Set(15, e.Tokens?.Input);
        row.Set(16, e.Tokens?.CachedInput);
        row.Set(17, e.Tokens?.Output);
        row.Set(18, e.Tokens?.Reasoning);
        row.Set(19, e.EstimatedUsd?.ToString(CultureInfo.InvariantCulture));
        row.Set(20, e.Text);
        row.Set(21, e.Detail);
        row.Set(22, e.Truncated is { } truncated ? (truncated ? 1L : 0L) : null);
        row.Set(23, e.Source);
        row.Set(24, e.TraceId);
        row.Set(25, e.SpanId);
        row.Set(26, e.TurnId);
        row.Set(27, ResourceId(e.Resource));
        // Attributes read straight from a ledger line come as they are stored, with a shape the reader reuses.
        var shared = SharedValues.Of(e);
        var known = e.Attributes is LazyAttributes lazy ? lazy.StoredFor(shared) : null;
        var stored = known ?? AttributeJson.WriteStored(e.Attributes, shared);
        row.SetUtf8(28, stored.Values);
        row.Set(29, _shapes.IdOf(stored.Shape.Json, reused: known is not null));
    }

    // Events of one export request share their resource: most rows reuse the last id without serialising it.
    private long ResourceId(IReadOnlyDictionary<string, object?> resource)
    {
        if (ReferenceEquals(resource, _lastResource))
        {
            return _lastResourceId;
        }

        var id = _resources.IdOf(AttributeJson.WriteObject(resource), reused: false);
        (_lastResource, _lastResourceId) = (resource, id);
        return id;
    }
}
