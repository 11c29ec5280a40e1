using System.CommandLine;
using CodexOtel.Importing;
using CodexOtel.Indexing;
using CodexOtel.Ledger;
using CodexOtel.Ledger.Retention;
using CodexOtel.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodexOtel.Cli;

/// <summary>
/// <c>codex-otel prune</c>: applies <c>[retention]</c> now (serve does so by itself, at start and every hour): removes
/// whole old rotated segments and their index rows, each recorded by a prune entry in the chain.
/// </summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var command = new Command("prune", "Remove rotated ledger segments older than [retention] max_age, or beyond max_bytes, with a prune entry in the chain (serve prunes hourly by itself)");
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() => RunAsync(parse, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var config = CliConfig.Resolve(parse).Config;
        var folder = config.Serve.DataDir;
        if (!config.Retention.Enabled)
        {
            throw new UserError(
                "no retention is configured, so there is nothing to prune.",
                "set [retention] max_age = \"90d\" and/or max_bytes = \"50GB\" in the config file (or CODEX_OTEL_RETENTION_MAX_AGE / CODEX_OTEL_RETENTION_MAX_BYTES)");
        }

        if (!Directory.Exists(folder))
        {
            throw new UserError($"there is no ledger at {folder}.", "give the data folder with --data DIR");
        }

        if (ServeImportSink.FindRunning(folder) is { } serve)
        {
            throw new UserError(
                $"serve (pid {serve.Pid}) is recording into {folder} and prunes by itself, at start and every hour.",
                "leave it to serve, or stop serve and run codex-otel prune");
        }

        PruneResult result;
        try
        {
            await using var ledger = LedgerWriter.Open(DataDirectory.OpenForWriting(folder), config.Ledger, NullLogger.Instance);
            using var store = ConversationStores.Open(folder);
            result = await LedgerPruner.PruneAsync(
                ledger,
                folder,
                config.Retention,
                config.Ledger.CompressRotated,
                DateTime.UtcNow,
                consumed: null, // serve is not running: no consumer is reading
                PrunedSegmentEvents.BeforeRemoval(store),
                NullLogger.Instance,
                cancellationToken);
        }
        catch (LedgerLockedException)
        {
            throw new UserError($"another codex-otel is writing to {folder}.", "run codex-otel prune again once it has finished");
        }

        foreach (var segment in result.Pruned)
        {
            Console.WriteLine($"✂ {segment.Record.Describe()}");
        }

        foreach (var (segment, problem) in result.Kept)
        {
            Console.WriteLine($"✘ kept {segment.FileName} and what follows it although due: line {problem.Line}: {problem.Kind} — {problem.Detail}");
        }

        var pruned = result.Pruned.Count;
        Console.WriteLine(pruned == 0 && result.Kept.Count == 0
            ? "nothing to prune: no rotated segment is past [retention] yet"
            : $"pruned {pruned} segment{(pruned == 1 ? "" : "s")}; `codex-otel verify` proves the chain of what remains and lists them");
        return result.Kept.Count == 0 ? 0 : 1;
    }
}
