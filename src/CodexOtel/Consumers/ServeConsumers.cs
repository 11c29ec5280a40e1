using CodexOtel.Indexing;
using CodexOtel.Store;

namespace CodexOtel.Consumers;

/// <summary>The consumers <c>serve</c> runs on its ledger. A new one (metrics, forwarding, the live feed) is added here.</summary>
internal static class ServeConsumers
{
    public static void AddTo(LedgerConsumerHost host, string dataDir, ILoggerFactory logs)
    {
        // The conversation index follows the ledger, so queries see a record moments after its acknowledgement.
        host.Add(new IndexConsumer(dataDir, () => ConversationStores.Open(dataDir), new LedgerIndexerOptions(), logs.CreateLogger("CodexOtel.Indexing")));
    }
}
