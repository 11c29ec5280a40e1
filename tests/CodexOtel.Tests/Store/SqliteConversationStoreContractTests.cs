using CodexOtel.Store;
using CodexOtel.Store.Sqlite;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Store;

/// <summary>The store contract on SQLite, each test in a fresh data folder.</summary>
public sealed class SqliteConversationStoreContractTests : ConversationStoreContract
{
    private readonly TempDirectory _dir = new("store-contract");

    protected override IConversationStore OpenEmpty() => SqliteConversationStore.Open(_dir.Path);

    protected override void DisposeBackEnd() => _dir.Dispose();
}
