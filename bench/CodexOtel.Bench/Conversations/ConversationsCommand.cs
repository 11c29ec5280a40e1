using System.CommandLine;

namespace CodexOtel.Bench.Conversations;

/// <summary>
/// <c>conversations</c>: writes a seed-format otel-logs.jsonl of Codex conversations, then times codex-otel's
/// <c>import</c>, <c>list</c>, <c>show</c>, <c>search</c> and the seed's <c>otel-view.py list</c> / <c>show ID</c>
/// on it, each as a whole process; prints the tables and the targets.
/// Exit code 0 when every target passes, 1 when one fails or an output is not as expected, 2 when a command fails.
/// </summary>
internal static class ConversationsCommand
{
    private static readonly Option<string?> Server = new("--server") { Description = "The codex-otel executable to test (default: bench/artifacts/codex-otel/codex-otel)" };
    private static readonly Option<int> Count = new("--conversations") { Description = "Conversations to generate", DefaultValueFactory = _ => 5_000 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the generator (same seed, same file)", DefaultValueFactory = _ => 20261123 };
    private static readonly Option<int> Runs = new("--runs") { Description = "Runs of each codex-otel query (median reported)", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> ImportRuns = new("--import-runs") { Description = "Runs of import, each into a fresh data folder", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> SeedRuns = new("--seed-runs") { Description = "Runs of each otel-view.py command", DefaultValueFactory = _ => 3 };
    private static readonly Option<string?> SeedScript = new("--seed-script") { Description = "The seed's viewer (default: ../shared/seed/otel-view.py next to the repository)" };
    private static readonly Option<string> Python = new("--python") { Description = "The Python interpreter for the seed's viewer", DefaultValueFactory = _ => "python3" };
    private static readonly Option<string> Search = new("--search") { Description = "The word `search` looks for", DefaultValueFactory = _ => CodexVocabulary.SearchWord };
    private static readonly Option<string?> WorkDir = new("--work-dir") { Description = "Where the file, data folders and outputs go (default: bench/artifacts/conversations; a real disk)" };
    private static readonly Option<bool> Keep = new("--keep") { Description = "Keep the generated file, the data folder and the outputs" };
    private static readonly Option<bool> GenerateOnly = new("--generate-only") { Description = "Write the seed file (kept) and stop" };

    public static Command Create()
    {
        var command = new Command("conversations", "Time import, list, show, search on a seed-format file of Codex conversations, against the seed's otel-view.py");
        foreach (var option in new Option[] { Server, Count, Seed, Runs, ImportRuns, SeedRuns, SeedScript, Python, Search, WorkDir, Keep, GenerateOnly })
        {
            command.Options.Add(option);
        }

        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var server = parse.GetValue(Server) ?? Path.Combine(root, "bench", "artifacts", "codex-otel", "codex-otel");
        var seedScript = parse.GetValue(SeedScript) ?? Path.Combine(root, "..", "shared", "seed", "otel-view.py");
        var generateOnly = parse.GetValue(GenerateOnly);
        if (!generateOnly && !File.Exists(server))
        {
            Console.Error.WriteLine($"error: {server} does not exist.");
            Console.Error.WriteLine("  fix: bench/run-conversations.sh publishes it (or pass --server PATH)");
            return 2;
        }

        if (!generateOnly && !File.Exists(seedScript))
        {
            Console.Error.WriteLine($"error: the seed's viewer {seedScript} does not exist (pass --seed-script PATH)");
            return 2;
        }

        var options = new ConversationsOptions
        {
            ServerExecutable = Path.GetFullPath(server),
            SeedScript = Path.GetFullPath(seedScript),
            Python = parse.GetValue(Python)!,
            Conversations = Math.Max(1, parse.GetValue(Count)),
            Seed = parse.GetValue(Seed),
            Runs = Math.Max(1, parse.GetValue(Runs)),
            ImportRuns = Math.Max(1, parse.GetValue(ImportRuns)),
            SeedRuns = Math.Max(1, parse.GetValue(SeedRuns)),
            SearchWord = parse.GetValue(Search)!,
            WorkDir = Path.GetFullPath(parse.GetValue(WorkDir) ?? Path.Combine(root, "bench", "artifacts", "conversations")),
            Keep = parse.GetValue(Keep) || generateOnly,
            GenerateOnly = generateOnly,
        };

        var log = Console.Out;
        log.WriteLine($"codex-otel under test: {options.ServerExecutable}");
        log.WriteLine($"seed viewer: {options.Python} {options.SeedScript} (run on a patched copy)");
        if (!TimedProcess.HasGnuTime)
        {
            log.WriteLine("note: /usr/bin/time is missing; peak RSS is sampled from /proc every millisecond");
        }

        ConversationsResult result;
        try
        {
            result = await new ConversationsRunner(options, log).RunAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        if (options.GenerateOnly)
        {
            return 0;
        }

        ConversationsReport.Write(log, options, result);
        return ConversationsReport.AllPass(result) ? 0 : 1;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodexOtel.slnx")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
