using CodexOtel.Indexing;
using CodexOtel.Store;

namespace CodexOtel.Consumers;

/// <summary>The consumers <c>serve</c> runs on its ledger. A new one (metrics, forwarding, the live feed) is added here.</summary>
internal static class ServeConsumers
{
    /// <summary>Starts them; <paramref name="services"/> are serve's, where what a consumer shares with a listener (<c>Serve/ServeListener</c>) is.</summary>
    public static void AddTo(LedgerConsumerHost host, string dataDir, IServiceProvider services)
    {
        var logs = services.GetRequiredService<ILoggerFactory>();
        // The conversation index follows the ledger, so queries see a record moments after its acknowledgement.
        host.Add(new IndexConsumer(dataDir, () => ConversationStores.Open(dataDir), new LedgerIndexerOptions(), logs.CreateLogger("CodexOtel.Indexing")));
    }
}
