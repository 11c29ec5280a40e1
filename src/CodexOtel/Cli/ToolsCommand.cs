using System.CommandLine;
using System.Globalization;
using CodexOtel.Query;
using CodexOtel.Store;

namespace CodexOtel.Cli;

/// <summary>
/// <c>codex-otel tools [TOOL]</c>: per tool, its calls, failures, denials and durations; with a tool, its calls, newest
/// first (the dashboard's Tools page).
/// </summary>
internal static class ToolsCommand
{
    private static readonly Argument<string?> Tool = new("tool") { Description = "List this tool's calls instead", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<int> Limit = CountOption.Create("--limit", "-n", "At most this many calls of a tool (default 50)", ToolCallQuery.DefaultLimit);

    public static Command Create()
    {
        var command = new Command("tools", "Per tool: calls, failure rate, denials, p50/p95 duration; with a tool name, its calls");
        command.Arguments.Add(Tool);
        foreach (var option in new Option[] { QueryOptions.Since, QueryOptions.Until, Limit, QueryOptions.TimeZone, CommonOptions.Json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CommandRunner.RunAsync(() => RunAsync(parse)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse)
    {
        var zone = QueryOptions.Zone(parse);
        var since = QueryOptions.Time(parse, QueryOptions.Since, zone);
        var until = QueryOptions.Time(parse, QueryOptions.Until, zone);
        using var store = IndexAccess.Open(CliConfig.DataDir(parse));
        var queries = new ConversationQueries(store);
        if (parse.GetValue(Tool) is { Length: > 0 } tool)
        {
            var page = await queries.ToolCallsAsync(new ToolCallQuery(tool) { Since = since, Until = until, Limit = parse.GetValue(Limit) });
            return WriteCalls(parse, tool, page, zone);
        }

        var tools = await queries.ToolsAsync(since, until);
        if (parse.GetValue(CommonOptions.Json))
        {
            JsonOutput.Write(tools, QueryJsonContext.Default.IReadOnlyListToolStatsView);
            return 0;
        }

        if (tools.Count == 0)
        {
            Console.WriteLine("No tool calls in this range. `codex-otel tools` without --since/--until counts every one.");
            return 0;
        }

        var table = TextTable.Of(("tool", false), ("calls", true), ("failed", true), ("fail %", true), ("denied", true), ("p50", true), ("p95", true));
        foreach (var t in tools)
        {
            table.AddRow(
                t.Tool,
                Format.Grouped(t.Calls),
                Format.Grouped(t.Failures),
                (t.FailureRate * 100).ToString("0.0", CultureInfo.InvariantCulture),
                Format.Grouped(t.Denials),
                Milliseconds(t.P50Ms),
                Milliseconds(t.P95Ms));
        }

        table.Write(Console.Out);
        Console.WriteLine("`codex-otel tools TOOL` lists a tool's calls");
        return 0;
    }

    private static int WriteCalls(ParseResult parse, string tool, ToolCallPageView page, TimeZoneInfo zone)
    {
        if (parse.GetValue(CommonOptions.Json))
        {
            JsonOutput.Write(page, QueryJsonContext.Default.ToolCallPageView);
            return 0;
        }

        if (page.Calls.Count == 0)
        {
            Console.WriteLine($"No calls of \"{tool}\" in this range. `codex-otel tools` lists the tools that were called.");
            return 1;
        }

        var table = TextTable.Of(("time", false), ("conversation", false), ("turn", true), ("ok", false), ("dur", true), ("arguments", false), ("output", false));
        foreach (var call in page.Calls)
        {
            table.AddRow(
                Format.LocalTime(call.Time, zone),
                Format.ShortId(call.Conversation),
                call.Turn?.ToString(CultureInfo.InvariantCulture) ?? "-",
                call.Success switch { true => "yes", false => "no", null => "?" },
                Milliseconds(call.DurationMs),
                Format.OneLine(call.Arguments, 40),
                Format.OneLine(call.Output, 40));
        }

        table.Write(Console.Out);
        Console.WriteLine($"{page.Calls.Count} call{(page.Calls.Count == 1 ? "" : "s")}, newest first · `codex-otel show <conversation>` for the whole conversation");
        return 0;
    }

    private static string Milliseconds(double? ms) => ms switch
    {
        null => "-",
        < 1000 => $"{ms.Value.ToString("0", CultureInfo.InvariantCulture)} ms",
        _ => Format.Duration(TimeSpan.FromMilliseconds(ms.Value)),
    };
}
