using System.CommandLine;
using CodexOtel.Query;
using CodexOtel.Store;

namespace CodexOtel.Cli;

/// <summary><c>codex-otel list</c>: conversations, newest first, one line each.</summary>
internal static class ListCommand
{
    private static readonly Option<int> Limit = CountOption.Create("--limit", "-n", "At most this many (default 50)", ConversationQuery.DefaultLimit);

    public static Command Create()
    {
        var command = new Command("list", "Conversations, newest first: when, how long, model, turns, tools, denials, errors, tokens, cost, first prompt");
        foreach (var option in new Option[] { QueryOptions.Since, QueryOptions.Until, QueryOptions.Model, Limit, QueryOptions.TimeZone, CommonOptions.Json })
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
        var conversations = await new ConversationQueries(store).ListAsync(new ConversationQuery
        {
            Since = QueryOptions.Time(parse, QueryOptions.Since, zone),
            Until = QueryOptions.Time(parse, QueryOptions.Until, zone),
            Model = parse.GetValue(QueryOptions.Model),
            Limit = parse.GetValue(Limit),
        });

        if (parse.GetValue(CommonOptions.Json))
        {
            JsonOutput.Write(conversations, QueryJsonContext.Default.IReadOnlyListConversationView);
            return 0;
        }

        if (conversations.Count == 0)
        {
            Console.WriteLine("No conversations match. `codex-otel list` without filters shows all; `codex-otel doctor` checks that Codex sends here.");
            return 0;
        }

        var table = TextTable.Of(("#", true), ("conversation", false), ("started", false), ("dur", true), ("model", false), ("origin", false),
            ("turns", true), ("tools", true), ("denied", true), ("err", true), ("tokens in/out", true), ("cost", true), ("first prompt", false));
        var row = 1;
        foreach (var c in conversations)
        {
            table.AddRow(
                (row++).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Format.ShortId(c.Id),
                Format.LocalTime(c.Started, zone),
                Format.Duration(c.Duration),
                c.Model ?? "?",
                c.Originator ?? "",
                c.Turns.ToString(System.Globalization.CultureInfo.InvariantCulture),
                c.ToolCalls.ToString(System.Globalization.CultureInfo.InvariantCulture),
                c.Denials.ToString(System.Globalization.CultureInfo.InvariantCulture),
                c.Errors.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{Format.Count(c.Tokens.Input)} / {Format.Count(c.Tokens.Output)}",
                Format.Cost(c.CostUsd),
                Format.OneLine(c.FirstPrompt, 48));
        }

        table.Write(Console.Out);
        var totalIn = conversations.Sum(c => c.Tokens.Input);
        var totalOut = conversations.Sum(c => c.Tokens.Output);
        var costs = conversations.Select(c => c.CostUsd).ToList();
        var total = costs.Any(c => c is null) ? null : costs.Sum();
        Console.WriteLine(
            $"{conversations.Count} conversation{(conversations.Count == 1 ? "" : "s")} · {Format.Count(totalIn)} tokens in · {Format.Count(totalOut)} out · {Format.Cost(total)}{(total is null && costs.Any(c => c is not null) ? " (some models unpriced)" : "")} · `codex-otel show 1` for details");
        return 0;
    }
}
