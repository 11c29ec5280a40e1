using System.Runtime.InteropServices;
using CodexOtel.Store.Sqlite;
using CodexOtel.Tests.E2E.Support;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Tests.Store;

public sealed class RawStatementTests : IDisposable
{
    private readonly TempDirectory _dir = new("raw-statement");
    private readonly SqliteConnection _connection;

    public RawStatementTests()
    {
        _connection = SqliteDatabase.Open(_dir.Path);
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (n INTEGER, r REAL, s TEXT)";
        create.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public void Empty_text_is_stored_as_empty_text_and_null_as_null()
    {
        using (var insert = new RawStatement(_connection, "INSERT INTO t (s) VALUES (?)"))
        {
            insert.Bind(1, "");
            Assert.Equal(1, insert.Execute());
            insert.Bind(1, (string?)null);
            Assert.Equal(1, insert.Execute());
            insert.BindUtf8(1, ""u8);
            Assert.Equal(1, insert.Execute());
        }

        using var read = new RawStatement(_connection, "SELECT s, typeof(s) FROM t ORDER BY rowid");
        var rows = new List<(string? Text, string? Type)>();
        while (read.Step())
        {
            rows.Add((read.Text(0), read.Text(1)));
        }

        Assert.Equal([("", "text"), (null, "null"), ("", "text")], rows);
    }

    [Fact]
    public void Values_bound_between_steps_are_those_each_row_stores()
    {
        using (var insert = new RawStatement(_connection, "INSERT INTO t (n, r, s) VALUES (?, ?, ?)"))
        {
            insert.Bind(1, long.MaxValue);
            insert.Bind(2, 0.1);
            insert.Bind(3, "prompt: ünïcödé ✓");
            insert.Execute();
            insert.Bind(1, (long?)null);
            insert.BindNull(2);
            insert.Execute();
        }

        using var read = new RawStatement(_connection, "SELECT n, r, s FROM t ORDER BY rowid");
        Assert.True(read.Step());
        Assert.Equal(long.MaxValue, read.Int64(0));
        Assert.Equal(0.1, read.Double(1));
        Assert.Equal("prompt: ünïcödé ✓", read.Text(2));
        Assert.True(read.Step());
        Assert.True(read.IsNull(0));
        Assert.True(read.IsNull(1));
        Assert.Equal("prompt: ünïcödé ✓", read.Text(2));
        Assert.False(read.Step());
        read.Reset();
    }

    [Fact]
    public void Connections_run_without_SQLites_per_call_mutex()
    {
        // Multi-thread mode (SqliteLibrary): a connection has no mutex of its own.
        Assert.Equal(0, SqliteLibrary.ConfigureResult);
        Assert.Equal(IntPtr.Zero, sqlite3_db_mutex(_connection.Handle!.DangerousGetHandle()));
    }

    [DllImport("e_sqlite3")]
    private static extern IntPtr sqlite3_db_mutex(IntPtr db);
}
