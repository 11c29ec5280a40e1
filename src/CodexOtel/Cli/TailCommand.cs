using System.CommandLine;
using CodexOtel.Query;

namespace CodexOtel.Cli;

/// <summary>
/// <c>codex-otel tail [-f] [--since 10m] [-n N]</c>: Codex events as one-liners (time, conversation, what happened),
/// read straight from the ledger (<see cref="EventTail"/>), so it works with and without serve and shows a record as
/// soon as it is durable. Without <c>-f</c> it prints the last events (or those since a time) and exits.
/// </summary>
internal static class TailCommand
{
    private static readonly Option<bool> Follow = new("--follow", "-f") { Description = "Keep printing events as they arrive, until Ctrl-C" };

    private static readonly Option<int> Count = CountOption.Create("--lines", "-n", "Start with the last N events (default 10); ignored with --since", TailQuery.DefaultLast, min: 0);

    public static Command Create()
    {
        var command = new Command("tail", "Codex events as they arrive, one line each: time, conversation, prompt, model call, tool decision, tool call, answer");
        foreach (var option in new Option[] { Follow, Count, QueryOptions.Since, QueryOptions.TimeZone })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() => RunAsync(parse, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var zone = QueryOptions.Zone(parse);
        var query = new TailQuery
        {
            Since = QueryOptions.Time(parse, QueryOptions.Since, zone),
            Last = parse.GetValue(Count),
            Follow = parse.GetValue(Follow),
        };
        var dataDir = CliConfig.DataDir(parse);
        var tail = new EventTail(dataDir);
        if (tail.IsEmpty && !query.Follow)
        {
            throw new UserError(
                $"nothing has been recorded in {dataDir} yet.",
                "run `codex-otel serve`, point Codex at it (serve prints the [otel] block for ~/.codex/config.toml), then use Codex");
        }

        if (tail.IsEmpty)
        {
            Console.Error.WriteLine($"waiting for Codex events in {dataDir} … (Ctrl-C to stop)");
        }

        var printer = new Printer(zone);
        await foreach (var e in tail.EventsAsync(query, cancellationToken))
        {
            printer.Print(e);
        }

        return 0;
    }

    /// <summary>One line per event: time, short conversation id, label, text (as <c>show</c> describes it).</summary>
    private sealed class Printer(TimeZoneInfo zone)
    {
        private readonly int _width = Console.IsOutputRedirected ? 240 : Math.Clamp(Console.WindowWidth, 60, 240);

        public void Print(TailEventView e)
        {
            if (TimelineText.Describe(e.Item) is not { } line)
            {
                return;
            }

            var local = TimeZoneInfo.ConvertTime(e.Item.Time, zone);
            var today = TimeZoneInfo.ConvertTime(DateTimeOffset.Now, zone).Date;
            var time = Format.LocalTime(e.Item.Time, zone, local.Date == today ? "HH:mm:ss.fff" : "yyyy-MM-dd HH:mm:ss");
            var prefix = $"{time}  {Format.ShortId(e.Conversation)}  {line.Label,-9}  ";
            Console.Out.WriteLine(prefix + Format.OneLine(line.Text, Math.Max(20, _width - prefix.Length)));
        }
    }
}
