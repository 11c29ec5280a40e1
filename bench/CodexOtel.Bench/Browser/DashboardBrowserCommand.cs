using System.CommandLine;
using CodexOtel.Bench.Dashboard;

namespace CodexOtel.Bench.Browser;

/// <summary>
/// <c>dashboard-browser</c>: the dashboard as a person sees it, on a store of generated conversations (100,000 by
/// default, or <c>--data</c>). Starts the published <c>codex-otel serve</c> on the data folder, loads each page and a
/// few of its filters, sorts and second pages in headless chromium, and measures when each shows its data, every API
/// call it makes (server time, rows, size, whether bounded) and how soon an acknowledged export reaches the open Live
/// and Home pages. Prints Markdown tables; exit code 1 when a target is missed, 2 when it cannot run.
/// </summary>
internal static class DashboardBrowserCommand
{
    private static readonly Option<string?> Data = new("--data")
    {
        Description = "A data folder holding a store to use (as is: the export→page measurement adds its conversations to it; pass a copy to keep one unchanged)",
    };

    private static readonly Option<int> Count = new("--conversations") { Description = "Without --data: conversations to generate and import", DefaultValueFactory = _ => 100_000 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Without --data: seed of the generator", DefaultValueFactory = _ => 20261207 };
    private static readonly Option<string?> WorkDir = new("--work-dir") { Description = "Where a generated data folder goes (default: bench/artifacts/dashboard-browser)" };
    private static readonly Option<bool> Keep = new("--keep") { Description = "Keep a generated data folder (WORK/data), to pass as --data next time" };
    private static readonly Option<int> Runs = new("--runs") { Description = "Loads of each page after a warm-up one (median and max reported)", DefaultValueFactory = _ => 7 };
    private static readonly Option<int> Exports = new("--exports") { Description = "Exports timed to the open Live and Home pages", DefaultValueFactory = _ => 20 };
    private static readonly Option<string> Server = new("--server") { Description = "The codex-otel executable (bench/build.sh publishes it)", DefaultValueFactory = _ => Path.Combine("bench", "artifacts", "codex-otel", "codex-otel") };
    private static readonly Option<string[]> Only = new("--only") { Description = "Load only these pages (Home, Conversations, Conversation, Tools, Live, Search, Health)", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string> Chromium = new("--chromium") { Description = "The chromium to drive", DefaultValueFactory = _ => "/usr/bin/chromium" };

    public static Command Create()
    {
        var command = new Command("dashboard-browser", "Time the dashboard's pages in headless chromium, their API calls, and export→page, on 100,000 generated conversations");
        foreach (var option in new Option[] { Data, Count, Seed, WorkDir, Keep, Runs, Exports, Only, Server, Chromium })
        {
            command.Options.Add(option);
        }

        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var log = Console.Out;
        var server = Path.GetFullPath(parse.GetValue(Server)!);
        var chromium = parse.GetValue(Chromium)!;
        if (!File.Exists(server))
        {
            return Fail($"{server} does not exist", "publish it first: bench/run-dashboard-browser.sh does (bench/build.sh), or pass --server");
        }

        if (!File.Exists(chromium))
        {
            return Fail($"{chromium} does not exist", "apt-get install chromium, or pass --chromium");
        }

        var work = Path.GetFullPath(parse.GetValue(WorkDir) ?? Path.Combine("bench", "artifacts", "dashboard-browser"));
        var configHome = Directory.CreateDirectory(Path.Combine(work, "config")).FullName;
        var given = parse.GetValue(Data);
        var data = given is null ? Path.Combine(work, "data") : Path.GetFullPath(given);
        if (given is not null && !File.Exists(Path.Combine(data, "index.sqlite")))
        {
            return Fail($"{data} holds no store (index.sqlite)", "pass a data folder that codex-otel import or serve filled, or leave out --data to generate one");
        }

        try
        {
            if (given is null)
            {
                if (Directory.Exists(data))
                {
                    Directory.Delete(data, recursive: true);
                }

                // Nothing of the user's (config.toml, prices.toml) changes what is imported.
                Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", configHome);
                if (await DashboardCommand.FillAsync(work, data, parse.GetValue(Count), parse.GetValue(Seed), TimeSpan.FromMinutes(5), log) is not 0)
                {
                    return 2;
                }
            }

            var only = parse.GetValue(Only) ?? [];
            return await MeasureAsync(server, chromium, data, configHome, c => only.Length == 0 || only.Contains(c.Page, StringComparer.OrdinalIgnoreCase), parse.GetValue(Runs), parse.GetValue(Exports), log, cancellationToken);
        }
        finally
        {
            if (given is null && !parse.GetValue(Keep) && Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<int> MeasureAsync(string executable, string chromiumPath, string data, string configHome, Func<PageCase, bool> wanted, int runs, int exports, TextWriter log, CancellationToken cancellationToken)
    {
        log.WriteLine($"== codex-otel serve --data {data}");
        await using var server = await DashboardServer.StartAsync(executable, data, configHome, cancellationToken);
        log.WriteLine($"   dashboard {server.Ui}, OTLP/HTTP {server.OtlpHttp}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var (all, newest) = await PageCases.ProbeAsync(http, server.Ui, cancellationToken);
        var cases = all.Where(wanted).ToList();

        await using var chromium = await HeadlessChromium.LaunchAsync(chromiumPath);
        log.WriteLine($"== {cases.Count} pages in headless chromium ({chromiumPath}), {runs} loads each after a warm-up");
        var pages = new List<PageResult>();
        foreach (var c in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await chromium.OpenAsync(server.Ui);
            var timer = new PageLoadTimer(page);
            await timer.LoadAsync(c.Path);
            var loads = new List<PageLoad>();
            for (var i = 0; i < Math.Max(1, runs); i++)
            {
                loads.Add(await timer.LoadAsync(c.Path));
            }

            await page.Context.CloseAsync();
            var result = new PageResult(c, loads);
            log.WriteLine($"   {c.Page,-13} {c.Variant,-32} median {result.Ready.Median,7:0.0} ms, max {result.Ready.Max,7:0.0} ms{(result.Error is { } e ? $"  {e}" : "")}");
            pages.Add(result);
        }

        log.WriteLine($"== export → page, {exports} exports");
        var samples = exports > 0 ? await new ExportToPage(chromium, server, log).RunAsync(exports, newest, cancellationToken) : [];

        var missed = BrowserReport.Write(log, pages, samples);
        if (missed.Count == 0)
        {
            log.WriteLine("every target met");
            return 0;
        }

        log.WriteLine($"{missed.Count} targets missed:");
        foreach (var miss in missed)
        {
            log.WriteLine($"  - {miss}");
        }

        return 1;
    }

    private static int Fail(string error, string fix)
    {
        Console.Error.WriteLine($"error: {error}");
        Console.Error.WriteLine($"fix: {fix}");
        return 2;
    }
}
