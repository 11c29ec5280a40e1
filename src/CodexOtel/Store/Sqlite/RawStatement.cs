using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// A statement prepared once on the connection's native handle and stepped for every row: no parameter objects, no
/// boxing, strings bound as UTF-8 from a reused buffer. For the indexer's hot path only; it runs inside whatever
/// transaction the connection has open. Rows are bound and stepped on the raw pointers (<see cref="SqliteNative"/>).
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _handle;
    private readonly IntPtr _dbPointer;
    private readonly IntPtr _statement;
    private byte[] _utf8 = new byte[4096];

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _handle));
        _dbPointer = _db.DangerousGetHandle();
        _statement = _handle.DangerousGetHandle();
    }

    /// <summary>The number of a named parameter ($name), or 0 when the SQL has none of that name (binding 0 does nothing).</summary>
    public int Parameter(string name) => raw.sqlite3_bind_parameter_index(_handle, name);

    /// <summary>Parameters are numbered from 1, in the order they appear in the SQL.</summary>
    public void Bind(int index, long value)
    {
        if (index > 0)
        {
            Check(SqliteNative.sqlite3_bind_int64(_statement, index, value));
        }
    }

    public void Bind(int index, long? value)
    {
        if (value is { } v)
        {
            Bind(index, v);
        }
        else
        {
            BindNull(index);
        }
    }

    public void Bind(int index, double value) => Check(SqliteNative.sqlite3_bind_double(_statement, index, value));

    public void Bind(int index, string? value)
    {
        if (value is null)
        {
            BindNull(index);
            return;
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(length, _utf8.Length * 2)];
        }

        var written = Encoding.UTF8.GetBytes(value, _utf8);
        BindUtf8(index, _utf8.AsSpan(0, written));
    }

    /// <summary>Binds text already encoded as UTF-8 (SQLite copies it).</summary>
    public void BindUtf8(int index, ReadOnlySpan<byte> utf8)
    {
        if (index > 0)
        {
            Check(SqliteNative.BindText(_statement, index, utf8));
        }
    }

    public void BindNull(int index)
    {
        if (index > 0)
        {
            Check(SqliteNative.sqlite3_bind_null(_statement, index));
        }
    }

    /// <summary>Runs the statement to completion; returns the rows it changed.</summary>
    public int Execute()
    {
        var rc = SqliteNative.sqlite3_step(_statement);
        SqliteNative.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            Check(rc);
        }

        return SqliteNative.sqlite3_changes(_dbPointer);
    }

    /// <summary>Steps a query: true while it yields rows. Call <see cref="Reset"/> when done with it.</summary>
    public bool Step()
    {
        var rc = SqliteNative.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteNative.sqlite3_reset(_statement);
            Check(rc);
        }

        return false;
    }

    public void Reset() => SqliteNative.sqlite3_reset(_statement);

    public bool IsNull(int column) => SqliteNative.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public long Int64(int column) => SqliteNative.sqlite3_column_int64(_statement, column);

    public double Double(int column) => SqliteNative.sqlite3_column_double(_statement, column);

    /// <summary>A text column as a string; null for NULL.</summary>
    public string? Text(int column) => IsNull(column) ? null : Encoding.UTF8.GetString(Utf8(column));

    /// <summary>A text column's UTF-8 bytes, valid until the next step.</summary>
    public ReadOnlySpan<byte> Utf8(int column) => SqliteNative.ColumnBytes(_statement, column);

    /// <summary>Runs a query that yields one integer (or none, or NULL: null).</summary>
    public long? ExecuteScalarInt64()
    {
        var rc = SqliteNative.sqlite3_step(_statement);
        try
        {
            if (rc == raw.SQLITE_ROW)
            {
                return IsNull(0) ? null : SqliteNative.sqlite3_column_int64(_statement, 0);
            }

            if (rc != raw.SQLITE_DONE)
            {
                Check(rc);
            }

            return null;
        }
        finally
        {
            SqliteNative.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs a query that yields one text value (or none: null).</summary>
    public string? ExecuteScalarText()
    {
        var rc = SqliteNative.sqlite3_step(_statement);
        try
        {
            if (rc == raw.SQLITE_ROW)
            {
                return Text(0);
            }

            if (rc != raw.SQLITE_DONE)
            {
                Check(rc);
            }

            return null;
        }
        finally
        {
            SqliteNative.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _handle.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
