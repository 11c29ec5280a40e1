using System.CommandLine;
using System.Diagnostics;
using CodexOtel.Importing;
using CodexOtel.Indexing;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Store;
using Spectre.Console;

namespace CodexOtel.Cli;

/// <summary>
/// <c>codex-otel reindex</c>: throws the conversation index away and rebuilds it from the ledger. Refused while serve
/// runs on the folder (serve owns the index then); stop it, reindex, start it again.
/// </summary>
internal static class ReindexCommand
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var command = new Command("reindex", "Rebuild the conversation index from the ledger (stop serve first)");
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() => RunAsync(parse, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var dataDir = CliConfig.DataDir(parse);
        if (!Directory.Exists(dataDir) || LedgerSegment.List(dataDir, Signal.Logs).Count == 0)
        {
            throw new UserError($"there is no ledger in {dataDir} to index.", "give the data folder with --data DIR, or record something with `codex-otel serve` first");
        }

        if (ServeImportSink.FindRunning(dataDir) is { } serve)
        {
            throw new UserError(
                $"serve (pid {serve.Pid}) is recording into {dataDir} and keeps its index current; stop serve first to rebuild the index.",
                "stop serve (Ctrl-C, or kill -TERM " + serve.Pid + "), run `codex-otel reindex`, then start serve again");
        }

        var ledgerBytes = LedgerSegment.List(dataDir, Signal.Logs).Sum(s => File.Exists(s.DataPath) ? new FileInfo(s.DataPath).Length : 0);
        var clock = Stopwatch.StartNew();
        using var store = ConversationStores.Open(dataDir);
        var status = $"rebuilding the index of {dataDir} from {Size(ledgerBytes)} of logs ledger …";
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(status);
            await ReindexAsync(dataDir, store, cancellationToken);
        }
        else
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            await console.Status().StartAsync(Markup.Escape(status), _ => ReindexAsync(dataDir, store, cancellationToken));
        }

        var stats = await store.StatsAsync(cancellationToken);
        Console.WriteLine(
            $"reindexed {Format.Grouped(stats.Conversations)} conversation{(stats.Conversations == 1 ? "" : "s")} ({Format.Grouped(stats.Events)} events) from {Size(ledgerBytes)} of ledger in {Format.Duration(clock.Elapsed)}");
        return 0;
    }

    // Another command may hold the index lock for a moment (catching up before a query); serve is ruled out above.
    private static async Task ReindexAsync(string dataDir, IConversationStore store, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LockWait;
        while (!await Task.Run(() => TryReindex(dataDir, store, cancellationToken), cancellationToken))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new UserError($"another codex-otel process keeps the index of {dataDir} busy.", "wait for it to finish (or stop serve), then run `codex-otel reindex` again");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static bool TryReindex(string dataDir, IConversationStore store, CancellationToken cancellationToken)
    {
        using var held = IndexLock.TryAcquire(dataDir);
        if (held is null)
        {
            return false;
        }

        new LedgerIndexer(dataDir, store, new LedgerIndexerOptions()).Reindex(cancellationToken);
        return true;
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1 << 20 => $"{bytes / 1024.0:0.#} KB",
        < 1 << 30 => $"{bytes / 1048576.0:0.#} MB",
        _ => $"{bytes / 1073741824.0:0.##} GB",
    };
}
