using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Takes events out of the index when retention pruned the ledger lines they came from: each by its conversation
/// and key (the FTS rows go with them through the delete trigger); a conversation left without events loses its
/// summary, usage (and its share of the rollup), turns and senders, the others are marked stale for the indexer to summarise again. Runs inside the caller's
/// transaction.
/// </summary>
internal static class SqliteEventRemover
{
    public static IReadOnlySet<string> Remove(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<(string ConversationId, string Key)> events)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        using (var delete = Command(connection, transaction, "DELETE FROM events WHERE conversation_id = $c AND key = $k"))
        {
            var conversation = delete.Parameters.Add("$c", SqliteType.Text);
            var key = delete.Parameters.Add("$k", SqliteType.Text);
            foreach (var (conversationId, eventKey) in events)
            {
                (conversation.Value, key.Value) = (conversationId, eventKey);
                if (delete.ExecuteNonQuery() > 0)
                {
                    touched.Add(conversationId);
                }
            }
        }

        using var left = Command(connection, transaction, "SELECT EXISTS (SELECT 1 FROM events WHERE conversation_id = $c)");
        var id = left.Parameters.Add("$c", SqliteType.Text);
        using var stale = Command(connection, transaction, "INSERT OR IGNORE INTO stale_conversations (id) VALUES ($c)");
        stale.Parameters.Add("$c", SqliteType.Text);
        using var forget = Command(connection, transaction, """
            DELETE FROM conversations WHERE id = $c;
            DELETE FROM usage WHERE conversation_id = $c;
            DELETE FROM turns WHERE conversation_id = $c;
            DELETE FROM conversation_senders WHERE conversation_id = $c;
            DELETE FROM stale_conversations WHERE id = $c;
            """);
        forget.Parameters.Add("$c", SqliteType.Text);
        using var rollup = new SqliteUsageRollup(connection);
        foreach (var conversationId in touched)
        {
            id.Value = conversationId;
            var remains = (long)left.ExecuteScalar()! == 1;
            if (!remains)
            {
                rollup.Withdraw(conversationId);
            }

            var next = remains ? stale : forget;
            next.Parameters["$c"].Value = conversationId;
            next.ExecuteNonQuery();
        }

        return touched;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
