using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Checkpoints the writer's WAL on a thread and connection of its own, so that indexing does not stop for it.
/// SQLite's autocheckpoint copies the WAL into the database inside the commit that takes it past 1,000 pages, and
/// that was a third of what indexing a large import cost. This takes over SQLite's WAL hook (which is what the
/// autocheckpoint is) with the same limit, and wakes the thread instead; past <see cref="WriterPages"/> (readers
/// holding old snapshots, or a thread that cannot keep up) the writer checkpoints itself, as SQLite would. The thread
/// starts the first time the limit is reached: a connection that only reads, or writes little, never has one.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>WAL pages that wake the thread: SQLite's default autocheckpoint.</summary>
    public const int Pages = 1_000;

    /// <summary>WAL pages past which the writer checkpoints itself.</summary>
    public const int WriterPages = 16 * Pages;

    private readonly string _path;
    private readonly IntPtr _writer;
    private readonly SemaphoreSlim _due = new(0, 1);
    private readonly GCHandle _self;
    private Thread? _thread;
    private int _checkpoints;
    private volatile bool _disposed;

    private unsafe SqliteCheckpointer(SqliteConnection writer)
    {
        _path = writer.DataSource;
        _writer = writer.Handle!.DangerousGetHandle();
        _self = GCHandle.Alloc(this);
        SqliteNative.sqlite3_wal_hook(_writer, &OnCommit, GCHandle.ToIntPtr(_self));
    }

    /// <summary>Whether the thread has started (for tests).</summary>
    public bool Started => Volatile.Read(ref _thread) is not null;

    /// <summary>How many checkpoints the thread has run (for tests).</summary>
    public int Checkpoints => Volatile.Read(ref _checkpoints);

    /// <summary>Takes over checkpoints for <paramref name="writer"/>; dispose before the connection.</summary>
    public static SqliteCheckpointer For(SqliteConnection writer) => new(writer);

    /// <summary>Waits for a checkpoint under way; what is left in the WAL is checkpointed when the writer closes.</summary>
    public unsafe void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        SqliteNative.sqlite3_wal_hook(_writer, null, IntPtr.Zero);
        if (_thread is { } thread)
        {
            Wake();
            thread.Join();
        }

        _self.Free();
        _due.Dispose();
    }

    // Runs inside the writer's commit, on its thread (the store serialises calls, so never twice at once).
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnCommit(IntPtr self, IntPtr db, IntPtr schema, int pages)
    {
        if (pages >= WriterPages)
        {
            SqliteNative.sqlite3_wal_checkpoint(db, schema);
        }
        else if (pages >= Pages && GCHandle.FromIntPtr(self).Target is SqliteCheckpointer { _disposed: false } checkpointer)
        {
            checkpointer._thread ??= checkpointer.Start();
            checkpointer.Wake();
        }

        return raw.SQLITE_OK;
    }

    // Only the writer's thread wakes the checkpointer, so the count cannot pass 1 here.
    private void Wake()
    {
        if (_due.CurrentCount == 0)
        {
            _due.Release();
        }
    }

    private Thread Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "index-checkpoint" };
        thread.Start();
        return thread;
    }

    private void Run()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        // As the writer's: the WAL is synced before its pages are copied and the database after, not at each commit.
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA synchronous = NORMAL";
            command.ExecuteNonQuery();
        }

        while (true)
        {
            _due.Wait();
            if (_disposed)
            {
                return;
            }

            // PASSIVE copies what no reader still needs and never waits for a lock: what a reader, or the writer's
            // next commit, leaves behind is copied at the next wake-up.
            raw.sqlite3_wal_checkpoint_v2(connection.Handle!, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
            Interlocked.Increment(ref _checkpoints);
        }
    }
}
