using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>Brings a database to the latest schema; safe when several processes open it at once.</summary>
internal static class SqliteMigrator
{
    public static void Migrate(SqliteConnection connection)
    {
        Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)");
        if (CurrentVersion(connection, null) == SqliteSchema.Latest)
        {
            return;
        }

        // BEGIN IMMEDIATE: a second process migrating at the same time waits, then sees the new version.
        using var transaction = connection.BeginTransaction(deferred: false);
        MigrateFrom(connection, transaction, CurrentVersion(connection, transaction));
        transaction.Commit();
    }

    /// <summary>Drops every table and creates them anew, inside the caller's transaction.</summary>
    public static void Recreate(SqliteConnection connection, SqliteTransaction transaction)
    {
        foreach (var table in SqliteSchema.Tables)
        {
            Execute(connection, transaction, $"DROP TABLE IF EXISTS {table}");
        }

        Execute(connection, transaction, "DELETE FROM schema_version");
        MigrateFrom(connection, transaction, 0);
    }

    private static void MigrateFrom(SqliteConnection connection, SqliteTransaction transaction, int version)
    {
        if (version > SqliteSchema.Latest)
        {
            throw new StoreSchemaException(
                $"the index was written by a newer codex-otel (schema {version}, this one knows {SqliteSchema.Latest}); run `codex-otel reindex` or upgrade");
        }

        for (var next = version + 1; next <= SqliteSchema.Latest; next++)
        {
            Execute(connection, transaction, SqliteSchema.Migrations[next - 1]);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, applied) VALUES ($v, $t)";
            record.Parameters.AddWithValue("$v", next);
            record.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
            record.ExecuteNonQuery();
        }
    }

    public static int CurrentVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
