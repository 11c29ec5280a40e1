using System.Runtime.InteropServices;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Calls into the SQLite library SQLitePCLRaw loads, on raw pointers. The calls <see cref="RawStatement"/> makes for
/// every row: SQLitePCLRaw passes its handles as SafeHandles, and counting a reference up and down on each of a row's
/// thirty binds was a tenth of what binding cost; the statement itself stays owned (and finalised) by SQLitePCLRaw's
/// handle. Binds cannot call back into .NET or block, so they skip the GC transition; stepping can (the WAL hook), so
/// it does not. And the WAL hook <see cref="SqliteCheckpointer"/> takes over, which SQLitePCLRaw does not wrap.
/// </summary>
internal static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_TRANSIENT: SQLite copies bound text before the call returns.</summary>
    private static readonly IntPtr Transient = new(-1);

    public static int BindText(IntPtr statement, int index, ReadOnlySpan<byte> utf8)
    {
        // SQLite binds a null text pointer as NULL, and an empty span may have one: empty text points at a constant.
        fixed (byte* text = utf8.IsEmpty ? "\0"u8 : utf8)
        {
            return sqlite3_bind_text(statement, index, text, utf8.Length, Transient);
        }
    }

    public static ReadOnlySpan<byte> ColumnBytes(IntPtr statement, int column)
    {
        // The pointer first: it may convert the value, which changes its length.
        var bytes = sqlite3_column_blob(statement, column);
        return bytes == null ? default : new ReadOnlySpan<byte>(bytes, sqlite3_column_bytes(statement, column));
    }

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_int64(IntPtr statement, int index, long value);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_double(IntPtr statement, int index, double value);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_null(IntPtr statement, int index);

    [LibraryImport(Library)]
    public static partial int sqlite3_step(IntPtr statement);

    [LibraryImport(Library)]
    public static partial int sqlite3_reset(IntPtr statement);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_changes(IntPtr db);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_column_type(IntPtr statement, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial long sqlite3_column_int64(IntPtr statement, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    public static partial double sqlite3_column_double(IntPtr statement, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    private static partial int sqlite3_bind_text(IntPtr statement, int index, byte* text, int length, IntPtr destructor);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    private static partial byte* sqlite3_column_blob(IntPtr statement, int column);

    [LibraryImport(Library)]
    [SuppressGCTransition]
    private static partial int sqlite3_column_bytes(IntPtr statement, int column);

    [LibraryImport(Library)]
    public static partial IntPtr sqlite3_wal_hook(IntPtr db, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int, int> hook, IntPtr argument);

    [LibraryImport(Library)]
    public static partial int sqlite3_wal_checkpoint(IntPtr db, IntPtr schema);
}
