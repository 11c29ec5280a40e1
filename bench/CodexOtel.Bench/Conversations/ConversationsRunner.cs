using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace CodexOtel.Bench.Conversations;

/// <summary>Everything one <c>conversations</c> run measured.</summary>
internal sealed record ConversationsResult(SeedFileStats File, SeedFileStats VariedFile, IReadOnlyList<Series> Series, long DataBytes, long IndexBytes, IReadOnlyList<string> Problems)
{
    public Series? Find(string key) => Series.FirstOrDefault(s => s.Key == key);
}

/// <summary>
/// Writes the seed-format file (and a second one of the same conversations' kind cut in varied shapes), then times
/// each command as a whole process on it: <c>import</c> of each file into fresh data folders, the same import again, <c>codex-otel --version</c> (the start-up floor), the first <c>list</c> after the
/// import (which indexes whatever the import left), then round-robin the queries (<c>list</c>, <c>list --limit N</c>,
/// both again with <c>--json</c>, <c>show ID</c>, <c>show ID --raw</c>, <c>search WORD</c>) and the seed's
/// <c>otel-view.py list</c> and <c>show ID</c> on the same file (a copy of the script with its hard-coded
/// <c>LOG_FILE</c> pointed at it). Checks what each one printed.
/// </summary>
internal sealed class ConversationsRunner(ConversationsOptions options, TextWriter log)
{
    private readonly List<string> _problems = [];
    private TimedProcess _timer = null!;
    private string _outputs = "";

    public async Task<ConversationsResult> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.WorkDir);
        var file = Path.Combine(options.WorkDir, "otel-logs.jsonl");
        log.WriteLine($"== writing {options.Conversations:N0} conversations (seed {options.Seed}) to {file}");
        var clock = Stopwatch.StartNew();
        var stats = SeedFile.Write(file, options.Conversations, options.Seed);
        Describe(stats, clock.Elapsed);
        log.WriteLine($"   show: {stats.ShowId}; search: {options.SearchWord}");
        var variedFile = Path.Combine(options.WorkDir, "otel-logs-varied.jsonl");
        clock.Restart();
        var varied = SeedFile.Write(variedFile, options.Conversations, options.Seed, SeedFileShape.Varied);
        Describe(varied, clock.Elapsed);
        if (options.GenerateOnly)
        {
            return new ConversationsResult(stats, varied, [], 0, 0, []);
        }

        _outputs = Path.Combine(options.WorkDir, "out");
        var config = Path.Combine(options.WorkDir, "config");
        var data = Path.Combine(options.WorkDir, "data");
        try
        {
            Directory.CreateDirectory(_outputs);
            Directory.CreateDirectory(config);
            _timer = new TimedProcess(_outputs, ChildEnvironment(config));
            return await MeasureAsync(file, stats, varied, data, cancellationToken);
        }
        finally
        {
            if (!options.Keep)
            {
                foreach (var folder in new[] { data, _outputs, config, Path.Combine(options.WorkDir, "seed") })
                {
                    DeleteFolder(folder);
                }

                File.Delete(file);
                File.Delete(variedFile);
            }
        }
    }

    private void Describe(SeedFileStats stats, TimeSpan took) =>
        log.WriteLine(Invariant($"   {Path.GetFileName(stats.Path)}: {stats.Conversations:N0} conversations, {stats.Turns:N0} turns, {stats.Records:N0} records ({stats.ToolResults:N0} tool results), {stats.Lines:N0} lines (longest {stats.LongestLine / 1e3:0} KB), {stats.Bytes / 1e6:0.0} MB ({(double)stats.Bytes / stats.Records:0} bytes a record) in {took.TotalSeconds:0.0} s"));

    private async Task<ConversationsResult> MeasureAsync(string file, SeedFileStats stats, SeedFileStats varied, string data, CancellationToken cancellationToken)
    {
        var seedScript = PatchedSeedScript(file);
        var series = new List<Series>();
        var server = options.ServerExecutable;

        // import: each run into a fresh folder, the two files taking turns; the last import of the seed file is queried.
        if (!await SupportsImportAsync(server, cancellationToken))
        {
            throw new InvalidOperationException($"{server} has no `import` command: publish a codex-otel that has one");
        }

        var runs = new List<Measurement>();
        var variedRuns = new List<Measurement>();
        for (var i = 0; i < options.ImportRuns; i++)
        {
            DeleteFolder(data);
            variedRuns.Add(await RunAsync(server, ["import", varied.Path, "--data", data], "import-varied", cancellationToken));
            DeleteFolder(data);
            runs.Add(await RunAsync(server, ["import", file, "--data", data], "import", cancellationToken));
        }

        series.Add(new Series("import", "codex-otel import otel-logs.jsonl --data D", $"into a fresh D each run ({stats.Bytes / 1e6:0} MB)", runs, Series.CurrentLoadAverage()));
        series.Add(new Series("import-varied", "codex-otel import otel-logs-varied.jsonl --data D", $"varied lines, long outputs ({varied.Bytes / 1e6:0} MB)", variedRuns, Series.CurrentLoadAverage()));
        var again = await RunAsync(server, ["import", file, "--data", data], "import-again", cancellationToken);
        series.Add(new Series("import-again", "codex-otel import otel-logs.jsonl --data D", "the same file again: nothing new to add", [again], Series.CurrentLoadAverage()));

        series.AddRange(await RoundsAsync([new("startup", "codex-otel --version", "process start, no data: the floor of every command", server, ["--version"], options.Runs, _ => { })], cancellationToken));
        var dataArg = new[] { "--data", data };
        var first = await RunAsync(server, ["list", .. dataArg], "list-first", cancellationToken);
        series.Add(new Series("list-first", "codex-otel list --data D", "the first query after import: indexes whatever import left", [first], Series.CurrentLoadAverage()));
        var (dataBytes, indexBytes) = FolderSizes(data);
        await CheckListJsonAsync(server, dataArg, stats, cancellationToken);

        var shortId = stats.ShowId[..8];
        var all = Num(options.Conversations);
        Query[] queries =
        [
            new("list", "codex-otel list --data D", "50 newest, as a table", server, ["list", .. dataArg], options.Runs,
                output => Expect(output.Split('\n').Length >= 52, "list prints 50 rows")),
            new("list-all", $"codex-otel list --limit {all} --data D", "every conversation", server, ["list", "--limit", all, .. dataArg], options.Runs,
                output => Expect(output.Split('\n').Length >= options.Conversations + 2, $"list --limit prints {all} rows")),
            new("list-json", "codex-otel list --json --data D", "50 newest, as JSON (no table drawn)", server, ["list", "--json", .. dataArg], options.Runs,
                output => Expect(output.TrimStart().StartsWith('['), "list --json prints an array")),
            new("list-all-json", $"codex-otel list --limit {all} --json --data D", "every conversation, as JSON", server, ["list", "--limit", all, "--json", .. dataArg], options.Runs,
                output => Expect(output.TrimStart().StartsWith('['), "list --json prints an array")),
            new("show", "codex-otel show ID --data D", "one conversation, turn by turn", server, ["show", stats.ShowId, .. dataArg], options.Runs,
                output => Expect(output.Contains(stats.ShowId, StringComparison.Ordinal) && output.Contains(PromptStart(stats.ShowPrompt), StringComparison.Ordinal), $"show prints {shortId}… and its first prompt")),
            new("show-raw", "codex-otel show ID --raw --data D", "its records' attributes as JSON (what the seed prints)", server, ["show", stats.ShowId, "--raw", .. dataArg], options.Runs,
                output => Expect(output.Contains(stats.ShowId, StringComparison.Ordinal), "show --raw prints the records")),
            new("search", $"codex-otel search {options.SearchWord} --data D", "full text, 20 best hits", server, ["search", options.SearchWord, .. dataArg], options.Runs,
                output => Expect(output.Contains(options.SearchWord, StringComparison.OrdinalIgnoreCase), $"search finds \"{options.SearchWord}\"")),
            new("seed-list", "python3 otel-view.py list", "the seed: one line per conversation", options.Python, [seedScript, "list"], options.SeedRuns,
                output => Expect(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == stats.Conversations, $"otel-view.py list prints {all} lines")),
            new("seed-show", "python3 otel-view.py show ID", "the seed: the conversation's records as JSON", options.Python, [seedScript, "show", stats.ShowId], options.SeedRuns,
                output => Expect(output.Contains(PromptStart(stats.ShowPrompt), StringComparison.Ordinal), "otel-view.py show prints the prompt")),
        ];
        series.AddRange(await RoundsAsync(queries, cancellationToken));
        return new ConversationsResult(stats, varied, series, dataBytes, indexBytes, _problems);
    }

    /// <summary>
    /// Runs the queries round-robin (one run of each per round, the seed's too, until each has had its runs), so that
    /// all of them see the same share of a machine others use; checks what each printed on its first run.
    /// </summary>
    private async Task<IReadOnlyList<Series>> RoundsAsync(IReadOnlyList<Query> queries, CancellationToken cancellationToken)
    {
        var runs = queries.ToDictionary(q => q.Key, _ => new List<Measurement>());
        var loads = queries.ToDictionary(q => q.Key, _ => new List<double>());
        for (var round = 0; round < queries.Max(q => q.Runs); round++)
        {
            foreach (var query in queries.Where(q => round < q.Runs))
            {
                runs[query.Key].Add(await RunAsync(query.Executable, query.Arguments, query.Key, cancellationToken));
                loads[query.Key].Add(Series.CurrentLoadAverage());
                if (round == 0)
                {
                    query.Check(File.ReadAllText(Path.Combine(_outputs, query.Key + ".out")));
                }
            }
        }

        var series = queries.Select(q => new Series(q.Key, q.Display, q.What, runs[q.Key], loads[q.Key].Average())).ToList();
        foreach (var s in series)
        {
            log.WriteLine(Invariant($"   {s.Command}: median {s.Median.TotalMilliseconds:N0} ms, peak RSS {s.PeakRss / 1e6:0} MB"));
        }

        return series;
    }

    private async Task<Measurement> RunAsync(string executable, string[] arguments, string key, CancellationToken cancellationToken)
    {
        var output = Path.Combine(_outputs, key + ".out");
        var measurement = await _timer.RunAsync(executable, arguments, output, cancellationToken);
        if (measurement.ExitCode != 0)
        {
            var error = File.ReadAllText(output + ".err");
            throw new InvalidOperationException($"`{Path.GetFileName(executable)} {string.Join(' ', arguments)}` exited with {measurement.ExitCode}:\n{error}");
        }

        if (key.StartsWith("import", StringComparison.Ordinal) || key == "list-first")
        {
            log.WriteLine(Invariant($"   {Path.GetFileName(executable)} {arguments[0]}: {measurement.Wall.TotalMilliseconds:N0} ms, peak RSS {measurement.PeakRss / 1e6:0} MB"));
        }

        return measurement;
    }

    private async Task CheckListJsonAsync(string server, string[] dataArg, SeedFileStats stats, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_outputs, "list-json.out");
        var run = await _timer.RunAsync(server, ["list", "--json", "--limit", Num(stats.Conversations * 2), .. dataArg], path, cancellationToken);
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        var count = json.RootElement.GetArrayLength();
        Expect(run.ExitCode == 0 && count == stats.Conversations, $"the index holds all {stats.Conversations:N0} conversations (list --json: {count:N0})");
    }

    private void Expect(bool condition, string what)
    {
        if (!condition)
        {
            _problems.Add(what);
            log.WriteLine($"   CHECK FAILED: {what}");
        }
    }

    private static async Task<bool> SupportsImportAsync(string server, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(server) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("import");
        info.ArgumentList.Add("--help");
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 && output.Contains("codex-otel import", StringComparison.Ordinal);
    }

    /// <summary>A copy of the seed's viewer whose hard-coded LOG_FILE is the generated file (the original is not touched).</summary>
    private string PatchedSeedScript(string file)
    {
        const string Original = "LOG_FILE = Path(\"/tmp/otel-data/otel-logs.jsonl\")";
        var text = File.ReadAllText(options.SeedScript);
        if (!text.Contains(Original, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{options.SeedScript} has no `{Original}` line to point at the generated file");
        }

        var folder = Path.Combine(options.WorkDir, "seed");
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, "otel-view.py");
        File.WriteAllText(copy, text.Replace(Original, $"LOG_FILE = Path({JsonSerializer.Serialize(Path.GetFullPath(file))})", StringComparison.Ordinal));
        return copy;
    }

    /// <summary>The children's environment: no CODEX_OTEL_* of the caller's, an empty config home (no user price file).</summary>
    private static Dictionary<string, string?> ChildEnvironment(string configHome)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith("CODEX_OTEL_", StringComparison.Ordinal)))
        {
            environment[name] = null;
        }

        environment["XDG_CONFIG_HOME"] = configHome;
        return environment;
    }

    private static (long Total, long Index) FolderSizes(string folder)
    {
        var files = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
        return (files.Sum(f => f.Length), files.Where(f => f.Name.StartsWith("index.sqlite", StringComparison.Ordinal)).Sum(f => f.Length));
    }

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The start of a prompt's first line, as both viewers print it (one JSON-escaped, one on one line).</summary>
    private static string PromptStart(string prompt)
    {
        var line = prompt.Split('\n')[0];
        var end = line.IndexOfAny(['"', '\\']);
        return line[..Math.Min(30, end < 0 ? line.Length : end)];
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A command to time: its key in the report, how it reads there, what to run, how often, what to check.</summary>
    private sealed record Query(string Key, string Display, string What, string Executable, string[] Arguments, int Runs, Action<string> Check);
}
