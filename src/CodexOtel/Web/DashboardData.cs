using CodexOtel.Query;
using CodexOtel.Store;

namespace CodexOtel.Web;

/// <summary>
/// The data folder as the dashboard reads it: the conversation index, opened on first use (serve's index consumer
/// creates and migrates it meanwhile) and shared by every request (the store is safe to share between threads), and
/// the query layer over it, whose prices are loaded once.
/// </summary>
internal sealed class DashboardData : IDisposable
{
    private readonly Lazy<IConversationStore> _store;
    private readonly Lazy<ConversationQueries> _queries;

    public DashboardData(string dataDir)
    {
        DataDir = dataDir;
        _store = new(() => ConversationStores.Open(dataDir), LazyThreadSafetyMode.ExecutionAndPublication);
        _queries = new(() => new ConversationQueries(_store.Value), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string DataDir { get; }

    public IConversationReader Store => _store.Value;

    public ConversationQueries Queries => _queries.Value;

    /// <summary>The last verify this serve ran for the Health page; null until one has.</summary>
    public VerifyReport? LastVerify { get; set; }

    public void Dispose()
    {
        if (_store.IsValueCreated)
        {
            _store.Value.Dispose();
        }
    }
}
