using CodexOtel.Indexing;
using CodexOtel.Ledger;
using CodexOtel.Store;

namespace CodexOtel.Cli;

/// <summary>
/// Opens a data folder's conversation index for a query command. When no recorder runs, the command brings the index
/// up to date with the ledger itself first; while <c>serve</c> runs, serve keeps it current and the command only reads.
/// </summary>
internal static class IndexAccess
{
    public static IConversationStore Open(string folder)
    {
        if (!Directory.Exists(folder) || !SignalLedgerExists(folder))
        {
            throw new UserError(
                $"nothing has been recorded in {folder} yet.",
                "run `codex-otel serve`, point Codex at it (serve prints the [otel] block for ~/.codex/config.toml), then use Codex");
        }

        var store = ConversationStores.Open(folder);
        try
        {
            LedgerIndexer.TryCatchUp(folder, store, new LedgerIndexerOptions());
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static bool SignalLedgerExists(string folder) =>
        LedgerSegment.List(folder, Otlp.Signal.Logs).Count > 0;
}
