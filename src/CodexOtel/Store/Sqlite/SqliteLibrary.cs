using System.Runtime.CompilerServices;
using SQLitePCL;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Configures the SQLite library once, before the first connection opens (it can only be configured then).
/// <para>
/// Multi-thread mode, not serialised: every connection this program opens is used by one thread at a time (the store
/// serialises its calls), so SQLite's own mutex around every bind, step and reset only cost time; and no memory
/// statistics, which take a global mutex on every allocation. Together they were a tenth of the indexing thread.
/// </para>
/// </summary>
internal static class SqliteLibrary
{
    /// <summary>The result of configuring: <c>SQLITE_OK</c>, or why the defaults stayed (e.g. already initialised).</summary>
    public static int ConfigureResult { get; private set; } = -1;

    [ModuleInitializer]
    internal static void Configure()
    {
        Batteries_V2.Init();
        var rc = raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD);
        if (rc == raw.SQLITE_OK)
        {
            rc = raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0);
        }

        ConfigureResult = rc;
    }
}
