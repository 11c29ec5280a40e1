using System.CommandLine;
using CodexOtel.Query;

namespace CodexOtel.Cli;

/// <summary><c>codex-otel show [ID]</c>: one conversation turn by turn; <c>--raw</c> prints every record's attributes.</summary>
internal static class ShowCommand
{
    private static readonly Argument<string?> Conversation = new("conversation")
    {
        Description = "Conversation id, a unique prefix of it, or a row number of `list` (default: the latest)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<bool> Raw = new("--raw") { Description = "Every record's attributes as JSON, as recorded" };

    public static Command Create()
    {
        var command = new Command("show", "One conversation, turn by turn: prompts, model calls, tool decisions and calls with output, answers");
        command.Arguments.Add(Conversation);
        foreach (var option in new Option[] { Raw, QueryOptions.TimeZone, CommonOptions.Json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CommandRunner.RunAsync(() => RunAsync(parse)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse)
    {
        var zone = QueryOptions.Zone(parse);
        using var store = IndexAccess.Open(CliConfig.DataDir(parse));
        var summary = await ConversationArgument.ResolveAsync(store, parse.GetValue(Conversation));
        var queries = new ConversationQueries(store);
        if (parse.GetValue(Raw))
        {
            JsonOutput.Write(await queries.RawEventsAsync(summary.Id), QueryJsonContext.Default.IReadOnlyListRawEventView);
            return 0;
        }

        var timeline = await queries.TimelineAsync(summary.Id)
            ?? throw new UserError($"conversation {summary.Id} has no events.", "codex-otel reindex rebuilds the index from the ledger");
        if (parse.GetValue(CommonOptions.Json))
        {
            JsonOutput.Write(timeline, QueryJsonContext.Default.TimelineView);
        }
        else
        {
            WriteText(timeline, zone, Console.Out, Console.IsOutputRedirected ? 100 : Math.Clamp(Console.WindowWidth, 60, 160));
        }

        return 0;
    }

    /// <summary>The conversation as <c>show</c> prints it, <paramref name="width"/> columns wide (also the evidence archive's report).</summary>
    public static void WriteText(TimelineView s, TimeZoneInfo zone, TextWriter output, int width)
    {
        output.WriteLine($"conversation {s.Id} · {s.Model ?? "model unknown"}{(s.Provider is { } p ? $" via {p}" : "")} · {s.Originator} {s.AppVersion}{(s.Terminal is { } t ? $" · {t}" : "")}");
        output.WriteLine($"policy: approval {s.ApprovalPolicy ?? "?"} · sandbox {s.SandboxPolicy ?? "?"} · started {Format.LocalTime(s.Started, zone)} · {Format.Duration(s.Duration)} · {TimelineText.Tokens(s.Tokens)} · {Format.Cost(s.CostUsd)}{(s.Source != "ledger" ? $" · from {s.Source}" : "")}");
        foreach (var sender in s.Senders)
        {
            output.WriteLine($"sent by  {Format.Sender(sender)}");
        }

        foreach (var turn in s.Timeline)
        {
            output.WriteLine();
            var title = turn.Number == 0 ? "start " : $"turn {turn.Number} ";
            output.WriteLine(title + new string('─', Math.Max(4, width - title.Length)));
            foreach (var item in turn.Items)
            {
                if (TimelineText.Describe(item) is not { } line)
                {
                    continue;
                }

                output.WriteLine($" {Format.LocalTime(item.Time, zone, "HH:mm:ss.fff")}  {line.Label,-11}  {Format.OneLine(line.Text, width - 28)}");
                foreach (var detail in line.Details)
                {
                    output.WriteLine($"{new string(' ', 28)}│ {Format.OneLine(detail, width - 30)}");
                }
            }
        }
    }
}
