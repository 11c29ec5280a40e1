using CodexOtel.Codex;
using CodexOtel.Ledger;
using Microsoft.Data.Sqlite;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// The conversation store in <c>&lt;dataDir&gt;/index.sqlite</c>: one connection, calls serialised. Readers in other
/// processes see each committed batch whole (WAL).
/// </summary>
public sealed class SqliteConversationStore : IConversationStore
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteEventWriter _writer;
    private readonly SqliteEventQueries _events;
    private readonly SqliteCheckpointer _checkpointer;

    private SqliteConversationStore(SqliteConnection connection)
    {
        _connection = connection;
        _checkpointer = SqliteCheckpointer.For(connection);
        _writer = new SqliteEventWriter(connection);
        _events = new SqliteEventQueries(connection);
    }

    public string Path => _connection.DataSource;

    /// <summary>Opens the store of a data folder, creating and migrating it as needed.</summary>
    public static SqliteConversationStore Open(string dataDir) => new(SqliteDatabase.Open(dataDir));

    public LedgerCheckpoint? ReadCheckpoint(string stream)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT segment_id, offset FROM checkpoints WHERE stream = $s";
            command.Parameters.AddWithValue("$s", stream);
            using var row = command.ExecuteReader();
            return row.Read() ? new LedgerCheckpoint(row.GetString(0), row.GetInt64(1)) : null;
        }
    }

    public IReadOnlySet<string> Apply(IReadOnlyCollection<CodexEvent> events, string stream, LedgerCheckpoint? checkpoint)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            try
            {
                var changed = _writer.Write(events, stream, checkpoint);
                transaction.Commit();
                return changed;
            }
            catch
            {
                // Resource ids cached during the batch were rolled back with it.
                _writer.Forget();
                throw;
            }
        }
    }

    public IReadOnlySet<string> KnownConversations(IEnumerable<string> conversationIds)
    {
        lock (_gate)
        {
            return _events.Known(conversationIds);
        }
    }

    public IReadOnlySet<string> StaleConversations()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id FROM stale_conversations";
            var stale = new HashSet<string>(StringComparer.Ordinal);
            using var row = command.ExecuteReader();
            while (row.Read())
            {
                stale.Add(row.GetString(0));
            }

            return stale;
        }
    }

    public void SaveSummaries(IEnumerable<IndexedConversation> conversations)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            SqliteSummaries.Save(_connection, conversations);
            transaction.Commit();
        }
    }

    public IReadOnlySet<string> RemoveEvents(IReadOnlyCollection<CodexEvent> events)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            var touched = SqliteEventRemover.Remove(_connection, transaction, events.Select(e => (e.ConversationId, e.Key)));
            transaction.Commit();
            return touched;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            SqliteMigrator.Recreate(_connection, transaction);
            transaction.Commit();
            _writer.Forget();
        }
    }

    public IReadOnlyList<CodexEvent> Events(string conversationId)
    {
        lock (_gate)
        {
            return _events.Events(conversationId);
        }
    }

    // The read side answers synchronously under the same lock: SQLite is in-process and a query is a few page reads
    // (the list is a range scan of the primary key, search an FTS5 walk), so a thread hop would cost more than it saves.
    public ValueTask<ConversationPage> ListAsync(ConversationQuery query, CancellationToken cancellationToken = default) =>
        Read(() => SqliteQueries.List(_connection, query), cancellationToken);

    public ValueTask<ConversationCount> CountAsync(ConversationQuery query, int cap, CancellationToken cancellationToken = default) =>
        Read(() => SqliteQueries.Count(_connection, query, cap), cancellationToken);

    public ValueTask<bool> UsePricesAsync(PriceTable prices, CancellationToken cancellationToken = default) =>
        Read(
            () =>
            {
                // Compared outside a transaction first: the usual answer is "same prices", which needs no write lock.
                if (SqlitePrices.Load(_connection).SameAs(prices))
                {
                    return false;
                }

                using var transaction = _connection.BeginTransaction();
                var changed = SqlitePrices.Use(_connection, prices);
                transaction.Commit();
                return changed;
            },
            cancellationToken);

    public ValueTask<IReadOnlyList<UsageBucketRow>> UsageBucketsAsync(
        DateTimeOffset? since, DateTimeOffset? until, UsageGrain coarsest, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<UsageBucketRow>>(() => SqliteUsageBuckets.Query(_connection, since, until, coarsest), cancellationToken);

    public ValueTask<long> ActiveConversationsAsync(DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default) =>
        Read(() => SqliteUsageBuckets.ActiveConversations(_connection, since, until), cancellationToken);

    public ValueTask<IReadOnlyList<ToolStatsRow>> ToolStatsAsync(
        DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<ToolStatsRow>>(() => SqliteTools.Stats(_connection, since, until), cancellationToken);

    public ValueTask<ToolCallPage> ToolCallsAsync(ToolCallQuery query, CancellationToken cancellationToken = default) =>
        Read(() => SqliteTools.Calls(_connection, query), cancellationToken);

    public ValueTask<ConversationMatch> FindAsync(string idOrPrefix, CancellationToken cancellationToken = default) =>
        Read(() => SqliteQueries.Find(_connection, idOrPrefix), cancellationToken);

    public ValueTask<IReadOnlyList<CodexEvent>> EventsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<CodexEvent>>(() => _events.Events(conversationId), cancellationToken);

    public ValueTask<SearchPage> SearchAsync(EventSearch search, CancellationToken cancellationToken = default) =>
        Read(() => _events.Search(search), cancellationToken);

    public ValueTask<IReadOnlyList<UsageRow>> UsageAsync(
        DateTimeOffset? since, DateTimeOffset? until, TimeZoneInfo zone, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<UsageRow>>(() => SqliteUsage.Query(_connection, since, until, zone), cancellationToken);

    public ValueTask<StoreStats> StatsAsync(CancellationToken cancellationToken = default) =>
        Read(() => SqliteQueries.Stats(_connection), cancellationToken);

    public void Dispose()
    {
        lock (_gate)
        {
            _checkpointer.Dispose();
            _writer.Dispose();
            _events.Dispose();
            _connection.Dispose();
        }
    }

    private ValueTask<T> Read<T>(Func<T> query, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        try
        {
            lock (_gate)
            {
                return ValueTask.FromResult(query());
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ValueTask.FromException<T>(e);
        }
    }
}
