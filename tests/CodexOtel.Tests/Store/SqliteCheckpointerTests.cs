using CodexOtel.Store.Sqlite;
using CodexOtel.Tests.E2E.Support;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Tests.Store;

public sealed class SqliteCheckpointerTests : IDisposable
{
    private const int PageBytes = SqliteDatabase.PageBytes;

    private readonly TempDirectory _dir = new("checkpointer");
    private readonly SqliteConnection _writer;

    public SqliteCheckpointerTests() => _writer = SqliteDatabase.Open(_dir.Path);

    public void Dispose()
    {
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public void Committed_pages_reach_the_database_file_from_the_checkpoint_thread_while_the_writer_stays_open()
    {
        using var checkpointer = SqliteCheckpointer.For(_writer);
        var before = new FileInfo(Path.Combine(_dir.Path, SqliteDatabase.FileName)).Length;

        // Three commits of 500 pages each (a blob of half a page fills one): the WAL passes the limit at the second.
        Execute("CREATE TABLE blobs (data BLOB NOT NULL)");
        for (var commit = 0; commit < 3; commit++)
        {
            Execute($"{Numbers(1, SqliteCheckpointer.Pages / 2)} INSERT INTO blobs SELECT randomblob({PageBytes / 2}) FROM n");
        }

        Assert.True(SpinWait.SpinUntil(() => checkpointer.Checkpoints > 0, TimeSpan.FromSeconds(30)), "the checkpoint thread never ran");
        Assert.True(
            SpinWait.SpinUntil(() => new FileInfo(Path.Combine(_dir.Path, SqliteDatabase.FileName)).Length >= before + (SqliteCheckpointer.Pages * PageBytes), TimeSpan.FromSeconds(30)),
            "the committed pages were not copied into the database file");
    }

    [Fact]
    public void A_writer_that_stays_under_the_limit_starts_no_checkpoint_thread()
    {
        using var checkpointer = SqliteCheckpointer.For(_writer);

        Execute("CREATE TABLE small (x INTEGER)");
        Execute("INSERT INTO small VALUES (1)");

        Assert.False(checkpointer.Started);
        Assert.Equal(0, checkpointer.Checkpoints);
    }

    [Fact]
    public void Rows_written_with_the_checkpointer_are_all_there_after_the_writer_closes()
    {
        using (var checkpointer = SqliteCheckpointer.For(_writer))
        {
            Execute("CREATE TABLE blobs (n INTEGER, data BLOB NOT NULL)");
            for (var commit = 0; commit < 6; commit++)
            {
                Execute($"{Numbers(commit * 500, (commit * 500) + 499)} INSERT INTO blobs SELECT value, randomblob({PageBytes}) FROM n");
            }
        }

        _writer.Close();
        using var reader = new SqliteConnection($"Data Source={Path.Combine(_dir.Path, SqliteDatabase.FileName)};Mode=ReadOnly;Pooling=False");
        reader.Open();
        using var count = reader.CreateCommand();
        count.CommandText = "SELECT count(DISTINCT n) FROM blobs";
        Assert.Equal(3000L, count.ExecuteScalar());
    }

    private static string Numbers(int from, int to) =>
        $"WITH RECURSIVE n(value) AS (SELECT {from} UNION ALL SELECT value + 1 FROM n WHERE value < {to})";

    private void Execute(string sql)
    {
        using var transaction = _writer.BeginTransaction();
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
