using System.CommandLine;
using CodexOtel.Query;
using CodexOtel.Store;

namespace CodexOtel.Cli;

/// <summary><c>codex-otel list</c>: conversations, newest first, one line each.</summary>
internal static class ListCommand
{
    private static readonly Option<int> Limit = CountOption.Create("--limit", "-n", "At most this many (default 50)", ConversationQuery.DefaultLimit);

    private static readonly Option<string> Sort = new("--sort")
    {
        Description = "Order by: started (default), cost, tokens, turns, tools, errors or duration; largest first",
        DefaultValueFactory = _ => "started",
    };

    private static readonly Option<bool> Ascending = new("--asc") { Description = "Smallest (oldest, cheapest, …) first" };

    private static readonly Option<string?> Key = new("--key") { Description = "Only conversations sent with the key of this name (`keys list`; api_key: serve's own)" };

    private static readonly Dictionary<string, ConversationSort> Sorts = ConversationSortNames.Map(StringComparer.OrdinalIgnoreCase);

    public static Command Create()
    {
        var command = new Command("list", "Conversations, newest first (or --sort cost, tokens, …): when, how long, model, turns, tools, denials, errors, tokens, cost, first prompt");
        foreach (var option in new Option[] { QueryOptions.Since, QueryOptions.Until, QueryOptions.Model, Key, Sort, Ascending, Limit, QueryOptions.TimeZone, CommonOptions.Json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CommandRunner.RunAsync(() => RunAsync(parse)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse)
    {
        var zone = QueryOptions.Zone(parse);
        var sortName = parse.GetValue(Sort) ?? "started";
        if (!Sorts.TryGetValue(sortName, out var sort))
        {
            throw new UserError($"--sort \"{sortName}\" is not known.", "use --sort started, cost, tokens, turns, tools, errors or duration");
        }

        using var store = IndexAccess.Open(CliConfig.DataDir(parse));
        var conversations = await new ConversationQueries(store).ListAsync(new ConversationQuery
        {
            Since = QueryOptions.Time(parse, QueryOptions.Since, zone),
            Until = QueryOptions.Time(parse, QueryOptions.Until, zone),
            Model = parse.GetValue(QueryOptions.Model),
            SenderKey = parse.GetValue(Key),
            Sort = sort,
            Ascending = parse.GetValue(Ascending),
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
        // Row numbers of `show N` count the newest-first list; another order's rows are shown by id.
        var showHint = sort == ConversationSort.Started && !parse.GetValue(Ascending) ? "`codex-otel show 1`" : "`codex-otel show ID`";
        var totalIn = conversations.Sum(c => c.Tokens.Input);
        var totalOut = conversations.Sum(c => c.Tokens.Output);
        var costs = conversations.Select(c => c.CostUsd).ToList();
        var total = costs.Any(c => c is null) ? null : costs.Sum();
        Console.WriteLine(
            $"{conversations.Count} conversation{(conversations.Count == 1 ? "" : "s")} · {Format.Count(totalIn)} tokens in · {Format.Count(totalOut)} out · {Format.Cost(total)}{(total is null && costs.Any(c => c is not null) ? " (some models unpriced)" : "")} · {showHint} for details");
        return 0;
    }
}
