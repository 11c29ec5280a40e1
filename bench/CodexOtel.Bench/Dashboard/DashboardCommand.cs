using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CodexOtel.Bench.Conversations;
using CodexOtel.Cli;

namespace CodexOtel.Bench.Dashboard;

/// <summary>
/// <c>dashboard</c>: fills a store with generated conversations (a seed-format file imported by codex-otel's own
/// <c>import</c>, in this process), then times each query the dashboard's pages make, in process, as the HTTP API
/// calls them (JSON serialisation aside): cold-ish (the first call on a freshly opened store: SQLite's page cache
/// empty, the OS's warm) and warm (median and slowest of the runs after). Prints a table; exit code 1 when a warm
/// median passes the target.
/// </summary>
internal static class DashboardCommand
{
    private static readonly Option<int> Count = new("--conversations") { Description = "Conversations to generate", DefaultValueFactory = _ => 100_000 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the generator", DefaultValueFactory = _ => 20261207 };
    private static readonly Option<double> GapMinutes = new("--mean-gap-minutes")
    {
        Description = "Mean minutes between conversation starts (5: 100,000 conversations over about a year, ~290 a day)",
        DefaultValueFactory = _ => 5,
    };

    private static readonly Option<int> Runs = new("--runs") { Description = "Warm runs of each query (median reported)", DefaultValueFactory = _ => 15 };
    private static readonly Option<string?> WorkDir = new("--work-dir") { Description = "Where the file and the data folder go (default: bench/artifacts/dashboard)" };
    private static readonly Option<bool> Reuse = new("--reuse") { Description = "Query the data folder of an earlier run instead of generating and importing" };
    private static readonly Option<bool> Keep = new("--keep") { Description = "Keep the data folder (the generated file is always removed after import)" };

    public static Command Create()
    {
        var command = new Command("dashboard", "Time the dashboard's queries on a store of 100,000 generated conversations");
        foreach (var option in new Option[] { Count, Seed, GapMinutes, Runs, WorkDir, Reuse, Keep })
        {
            command.Options.Add(option);
        }

        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var work = Path.GetFullPath(parse.GetValue(WorkDir) ?? Path.Combine("bench", "artifacts", "dashboard"));
        var data = Path.Combine(work, "data");
        var log = Console.Out;
        Directory.CreateDirectory(work);
        // Nothing of the user's (config.toml, prices.toml) changes what is measured.
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", Path.Combine(work, "config"));
        try
        {
            if (!parse.GetValue(Reuse) || !File.Exists(Path.Combine(data, "index.sqlite")))
            {
                if (Directory.Exists(data))
                {
                    Directory.Delete(data, recursive: true);
                }

                if (await FillAsync(work, data, parse.GetValue(Count), parse.GetValue(Seed), TimeSpan.FromMinutes(parse.GetValue(GapMinutes)), log) is var code and not 0)
                {
                    return code;
                }
            }

            var results = await new DashboardQueryTimer(data, Math.Max(1, parse.GetValue(Runs)), log).RunAsync(cancellationToken);
            DashboardReport.Write(log, results);
            return results.All(r => r.WarmMedian <= DashboardReport.Target) ? 0 : 1;
        }
        finally
        {
            if (!parse.GetValue(Keep) && Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    /// <summary>Writes <paramref name="conversations"/> generated conversations as a seed file under <paramref name="work"/> and imports it into <paramref name="data"/>.</summary>
    internal static async Task<int> FillAsync(string work, string data, int conversations, int seed, TimeSpan meanGap, TextWriter log)
    {
        var file = Path.Combine(work, "otel-logs.jsonl");
        try
        {
            log.WriteLine($"== writing {conversations:N0} conversations (seed {seed}, a start every {meanGap.TotalMinutes:0.#} min on average) to {file}");
            var clock = Stopwatch.StartNew();
            var stats = SeedFile.Write(file, conversations, seed, meanGap: meanGap);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {stats.Conversations:N0} conversations, {stats.Turns:N0} turns, {stats.Records:N0} records ({stats.ToolResults:N0} tool results), {stats.Bytes / 1e6:N0} MB in {clock.Elapsed.TotalSeconds:0} s"));
            log.WriteLine($"== codex-otel import (in this process) into {data}");
            clock.Restart();
            var code = await CodexOtelCli.RunAsync(["import", file, "--data", data]);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   exit {code} in {clock.Elapsed.TotalSeconds:0} s; index.sqlite {new FileInfo(Path.Combine(data, "index.sqlite")).Length / 1e6:N0} MB"));
            return code;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
