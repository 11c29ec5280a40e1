using System.CommandLine;
using CodexOtel.Query;
using CodexOtel.Store;

namespace CodexOtel.Cli;

/// <summary><c>codex-otel search TEXT</c>: full text over prompts, tool arguments and output, responses, errors.</summary>
internal static class SearchCommand
{
    private static readonly Argument<string> Text = new("text") { Description = "Words to find (all of them; \"quoted phrase\" for a phrase)" };
    private static readonly Option<int> Limit = CountOption.Create("--limit", "-n", "At most this many hits (default 20)", SearchQuery.DefaultLimit);

    public static Command Create()
    {
        var command = new Command("search", "Find words in prompts, tool calls and their output, and responses");
        command.Arguments.Add(Text);
        foreach (var option in new Option[] { Limit, QueryOptions.TimeZone, CommonOptions.Json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CommandRunner.RunAsync(() => RunAsync(parse)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse)
    {
        var zone = QueryOptions.Zone(parse);
        var text = parse.GetValue(Text) ?? "";
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UserError("search needs some words.", "codex-otel search \"echo hello\"");
        }

        using var store = IndexAccess.Open(CliConfig.DataDir(parse));
        var hits = await new ConversationQueries(store).SearchAsync(new SearchQuery(text) { Limit = parse.GetValue(Limit) });
        if (parse.GetValue(CommonOptions.Json))
        {
            JsonOutput.Write(hits, QueryJsonContext.Default.IReadOnlyListSearchHitView);
            return 0;
        }

        if (hits.Count == 0)
        {
            Console.WriteLine($"Nothing matches \"{text}\". Prompts are searchable only when Codex logs them: log_user_prompt = true under [otel].");
            return 1;
        }

        var table = TextTable.Of(("conversation", false), ("turn", true), ("time", false), ("what", false), ("match", false));
        foreach (var hit in hits)
        {
            table.AddRow(
                Format.ShortId(hit.Conversation),
                hit.Turn?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                Format.LocalTime(hit.Time, zone),
                Describe(hit),
                Highlight(Format.OneLine(hit.SnippetWithMarks, 100)));
        }

        table.Write(Console.Out);
        Console.WriteLine($"{hits.Count} hit{(hits.Count == 1 ? "" : "s")} · `codex-otel show <conversation>` for the whole conversation");
        return 0;
    }

    private static string Describe(SearchHitView hit) => hit.Kind switch
    {
        Codex.CodexEventKind.UserPrompt => "prompt",
        Codex.CodexEventKind.ToolResult => $"tool {hit.Tool}",
        Codex.CodexEventKind.AgentResponse => "answer",
        Codex.CodexEventKind.ApiRequest => "api error",
        _ => hit.Event,
    };

    private static string Highlight(string snippet) =>
        snippet
            .Replace(SearchHit.HighlightStart.ToString(), Console.IsOutputRedirected ? "" : "\u001b[1m", StringComparison.Ordinal)
            .Replace(SearchHit.HighlightEnd.ToString(), Console.IsOutputRedirected ? "" : "\u001b[22m", StringComparison.Ordinal);
}
