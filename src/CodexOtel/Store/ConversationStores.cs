using CodexOtel.Store.Sqlite;

namespace CodexOtel.Store;

/// <summary>Opens the store of a data folder (SQLite in <c>index.sqlite</c>; other back ends plug in here).</summary>
public static class ConversationStores
{
    public static IConversationStore Open(string dataDir) => SqliteConversationStore.Open(dataDir);
}
