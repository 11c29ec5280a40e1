using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Importing;

/// <summary>
/// <c>imports.sqlite</c> in the data folder: what <c>import</c> has already put into the ledger, so that importing the
/// same files again changes nothing. Collector lines are remembered by their <see cref="LineHash"/>, rollout events by
/// their key; an entry is added only once its records are durable. It also keeps a log of the files imported.
/// <c>import.lock</c> beside it keeps two imports from running into one folder at once.
/// <para>
/// Between the ledger making a send durable and the manifest recording its lines, a crash would leave lines in the
/// ledger that the manifest does not know. So before each send the manifest keeps what is in flight: the hash of each
/// ledger line the send writes, with its collector line's, and where each signal's ledger ended before it
/// (<see cref="WillSend"/>); recording the lines clears it. What a crash leaves there, <see cref="InFlightLines"/>
/// looks up in the ledger before the next import reads anything.
/// </para>
/// </summary>
internal sealed class ImportManifest : IDisposable
{
    public const string FileName = "imports.sqlite";
    public const string LockFileName = "import.lock";

    /// <summary>Bytes of the SHA-256 prefix older manifests remember lines by.</summary>
    private const int LegacyHashBytes = 16;

    // line_hashes: XXH128 of each line. lines: the first 128 bits of each line's SHA-256, which is how manifests made
    // before it remembered lines (SHA-256 over every line was 4 % of what an import cost); still looked up while it
    // holds any.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS lines (hash BLOB PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS line_hashes (hash BLOB PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS rollout_events (key TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS sending (ledger_hash BLOB NOT NULL, line_hash BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS sending_after (signal TEXT PRIMARY KEY, segment TEXT, offset INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS files (
            id INTEGER PRIMARY KEY, path TEXT NOT NULL, format TEXT NOT NULL, bytes INTEGER NOT NULL,
            records INTEGER NOT NULL, skipped INTEGER NOT NULL, imported_at TEXT NOT NULL);
        """;

    private const string ClearSending = "DELETE FROM sending; DELETE FROM sending_after;";

    private readonly FileStream _lock;
    private readonly SqliteConnection _db;
    private readonly SqliteCommand _hasLine;
    private readonly SqliteCommand _hasLegacyLine;
    private readonly SqliteCommand _hasEvent;
    private readonly bool _hasLegacyLines;

    private ImportManifest(FileStream lockFile, SqliteConnection db)
    {
        _lock = lockFile;
        _db = db;
        _hasLine = Command("SELECT 1 FROM line_hashes WHERE hash = $h");
        _hasLine.Parameters.Add("$h", SqliteType.Blob);
        _hasLegacyLine = Command("SELECT 1 FROM lines WHERE hash = $h");
        _hasLegacyLine.Parameters.Add("$h", SqliteType.Blob);
        _hasLegacyLines = Scalar("SELECT EXISTS (SELECT 1 FROM lines)") == 1;
        _hasEvent = Command("SELECT 1 FROM rollout_events WHERE key = $k");
        _hasEvent.Parameters.Add("$k", SqliteType.Text);
    }

    /// <summary>Opens (creating) the manifest of a data folder and takes its lock.</summary>
    /// <exception cref="ImportException">another import runs into the folder</exception>
    public static ImportManifest Open(string dataDir)
    {
        var folder = DataDirectory.OpenForWriting(dataDir);
        var lockFile = FolderLock.TryAcquire(folder, LockFileName)
            ?? throw new ImportException($"another codex-otel import is running into {dataDir}.", "wait for it to finish, then import again");

        SqliteConnection? db = null;
        try
        {
            var path = folder.PathOf(FileName);
            if (!File.Exists(path))
            {
                using var _ = new FileStream(path, DataDirectory.PrivateFile(FileMode.CreateNew, FileAccess.ReadWrite));
            }

            db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            db.Open();
            Execute(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;");
            Execute(db, Schema);
            if (!SignalNames.All.Any(signal => LedgerSegment.List(dataDir, signal).Count > 0))
            {
                // The ledger was removed: nothing the manifest names is in it any more.
                Execute(db, $"DELETE FROM lines; DELETE FROM line_hashes; DELETE FROM rollout_events; {ClearSending}");
            }

            return new ImportManifest(lockFile, db);
        }
        catch
        {
            db?.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Whether the line, of this <see cref="LineHash"/>, was imported before.</summary>
    public bool HasLine(ReadOnlySpan<byte> line, UInt128 hash)
    {
        _hasLine.Parameters[0].Value = LineHash.Bytes(hash);
        if (_hasLine.ExecuteScalar() is not null)
        {
            return true;
        }

        if (!_hasLegacyLines)
        {
            return false;
        }

        Span<byte> sha = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(line, sha);
        _hasLegacyLine.Parameters[0].Value = sha[..LegacyHashBytes].ToArray();
        return _hasLegacyLine.ExecuteScalar() is not null;
    }

    public bool HasRolloutEvent(string key)
    {
        _hasEvent.Parameters[0].Value = key;
        return _hasEvent.ExecuteScalar() is not null;
    }

    /// <summary>Remembers lines whose records are now durable in the ledger; nothing is in flight any more.</summary>
    public void AddLines(IReadOnlyCollection<UInt128> hashes)
    {
        using var transaction = _db.BeginTransaction();
        Insert(transaction, "INSERT OR IGNORE INTO line_hashes (hash) VALUES ($v)", SqliteType.Blob, [.. hashes.Select(LineHash.Bytes)]);
        Execute(_db, ClearSending, transaction);
        transaction.Commit();
    }

    /// <summary>
    /// Keeps what is about to be sent, before the send: each collector line with the hash of a ledger line it is written
    /// as, and the end of each signal's ledger now (null: it holds no line yet), where its lines will come after.
    /// </summary>
    public void WillSend(IReadOnlyCollection<(UInt128 Line, UInt128 Ledger)> lines, IReadOnlyCollection<(Signal Signal, LedgerCheckpoint? End)> ends)
    {
        using var transaction = _db.BeginTransaction();
        Execute(_db, ClearSending, transaction);
        using (var insert = Command("INSERT INTO sending (ledger_hash, line_hash) VALUES ($l, $s)", transaction))
        {
            var ledger = insert.Parameters.Add("$l", SqliteType.Blob);
            var line = insert.Parameters.Add("$s", SqliteType.Blob);
            foreach (var sent in lines)
            {
                (ledger.Value, line.Value) = (LineHash.Bytes(sent.Ledger), LineHash.Bytes(sent.Line));
                insert.ExecuteNonQuery();
            }
        }

        using (var insert = Command("INSERT INTO sending_after (signal, segment, offset) VALUES ($g, $s, $o)", transaction))
        {
            var (name, segment, offset) = (insert.Parameters.Add("$g", SqliteType.Text), insert.Parameters.Add("$s", SqliteType.Text), insert.Parameters.Add("$o", SqliteType.Integer));
            foreach (var (signal, end) in ends)
            {
                (name.Value, segment.Value, offset.Value) = (signal.FileStem(), (object?)end?.SegmentId ?? DBNull.Value, end?.Offset ?? 0);
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    /// <summary>What <see cref="WillSend"/> kept and nothing recorded since: a send a crash interrupted; null when none.</summary>
    public InFlight? Sending()
    {
        var ends = new List<(Signal, LedgerCheckpoint?)>();
        using (var read = Command("SELECT signal, segment, offset FROM sending_after"))
        using (var rows = read.ExecuteReader())
        {
            while (rows.Read())
            {
                var signal = SignalNames.All.Single(s => s.FileStem() == rows.GetString(0));
                ends.Add((signal, rows.IsDBNull(1) ? null : new LedgerCheckpoint(rows.GetString(1), rows.GetInt64(2))));
            }
        }

        if (ends.Count == 0)
        {
            return null;
        }

        var lines = new List<(UInt128, UInt128)>();
        using (var read = Command("SELECT line_hash, ledger_hash FROM sending"))
        using (var rows = read.ExecuteReader())
        {
            while (rows.Read())
            {
                lines.Add((HashOf(rows, 0), HashOf(rows, 1)));
            }
        }

        return new InFlight(lines, ends);
    }

    /// <summary>Remembers rollout events whose records are now durable in the ledger.</summary>
    public void AddRolloutEvents(IReadOnlyCollection<string> keys) => Add("INSERT OR IGNORE INTO rollout_events (key) VALUES ($v)", SqliteType.Text, keys);

    /// <summary>Notes a file in the import log.</summary>
    public void LogFile(InputFile file, long records, long skipped)
    {
        using var command = Command("INSERT INTO files (path, format, bytes, records, skipped, imported_at) VALUES ($p, $f, $b, $r, $s, $t)");
        command.Parameters.AddWithValue("$p", file.Path);
        command.Parameters.AddWithValue("$f", file.Format.ToString().ToLowerInvariant());
        command.Parameters.AddWithValue("$b", file.Bytes);
        command.Parameters.AddWithValue("$r", records);
        command.Parameters.AddWithValue("$s", skipped);
        command.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _hasLine.Dispose();
        _hasLegacyLine.Dispose();
        _hasEvent.Dispose();
        _db.Dispose();
        _lock.Dispose();
    }

    private void Add<T>(string sql, SqliteType type, IReadOnlyCollection<T> values)
        where T : notnull
    {
        if (values.Count == 0)
        {
            return;
        }

        using var transaction = _db.BeginTransaction();
        Insert(transaction, sql, type, values);
        transaction.Commit();
    }

    private void Insert<T>(SqliteTransaction transaction, string sql, SqliteType type, IReadOnlyCollection<T> values)
        where T : notnull
    {
        using var insert = Command(sql, transaction);
        var parameter = insert.Parameters.Add("$v", type);
        foreach (var value in values)
        {
            parameter.Value = value;
            insert.ExecuteNonQuery();
        }
    }

    private static UInt128 HashOf(SqliteDataReader rows, int column) => BinaryPrimitives.ReadUInt128BigEndian((byte[])rows.GetValue(column));

    private long Scalar(string sql)
    {
        using var command = Command(sql);
        return (long)command.ExecuteScalar()!;
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _db.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Execute(SqliteConnection db, string sql, SqliteTransaction? transaction = null)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// A send the manifest did not see through: its collector lines, each with the hash of a ledger line it is written as,
/// and where each signal's ledger ended before it.
/// </summary>
internal sealed record InFlight(IReadOnlyList<(UInt128 Line, UInt128 Ledger)> Lines, IReadOnlyList<(Signal Signal, LedgerCheckpoint? End)> Ends);
