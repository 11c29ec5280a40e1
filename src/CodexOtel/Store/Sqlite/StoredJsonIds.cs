using System.IO.Hashing;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// The ids of JSON texts a table stores once for the rows that refer to them (resources, attribute shapes): remembered
/// by content and by reference. Not thread-safe, like the writer that owns it.
/// </summary>
internal sealed class StoredJsonIds : IDisposable
{
    // Enough for every shape and resource real clients send; a client inventing keys cannot make it grow without end.
    private const int MaxRemembered = 10_000;

    private readonly RawStatement _insert;
    private readonly RawStatement _select;
    private readonly Dictionary<byte[], long> _ids = new(ByteContent.Instance);
    // The few texts in use come as the same arrays row after row (the line reader's shapes): found without hashing them.
    private readonly Dictionary<byte[], long> _byReference = new(ReferenceEqualityComparer.Instance);

    public StoredJsonIds(SqliteConnection connection, string table)
    {
        _insert = new RawStatement(connection, $"INSERT OR IGNORE INTO {table} (json) VALUES (?)");
        _select = new RawStatement(connection, $"SELECT id FROM {table} WHERE json = ?");
    }

    /// <summary>
    /// The id of the text, stored first if the table lacks it (in the transaction the connection has open).
    /// <paramref name="reused"/>: the caller passes this very array again for this text, so it is remembered by reference.
    /// </summary>
    public long IdOf(byte[] json, bool reused)
    {
        if (reused && _byReference.TryGetValue(json, out var id))
        {
            return id;
        }

        if (!_ids.TryGetValue(json, out id))
        {
            _insert.BindUtf8(1, json);
            _insert.Execute();
            _select.BindUtf8(1, json);
            id = _select.ExecuteScalarInt64()!.Value;
            Remember(_ids, json, id);
        }

        if (reused)
        {
            Remember(_byReference, json, id);
        }

        return id;
    }

    /// <summary>Forgets the ids (after a reset or a rollback, which may have removed them).</summary>
    public void Forget()
    {
        _ids.Clear();
        _byReference.Clear();
    }

    private static void Remember(Dictionary<byte[], long> ids, byte[] json, long id)
    {
        if (ids.Count >= MaxRemembered)
        {
            ids.Clear();
        }

        ids[json] = id;
    }

    public void Dispose()
    {
        _insert.Dispose();
        _select.Dispose();
    }

    private sealed class ByteContent : IEqualityComparer<byte[]>
    {
        public static readonly ByteContent Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] bytes) => (int)XxHash3.HashToUInt64(bytes);
    }
}
