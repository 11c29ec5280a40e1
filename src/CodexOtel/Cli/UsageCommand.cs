using System.CommandLine;
using CodexOtel.Codex;

namespace CodexOtel.Cli;

/// <summary><c>codex-otel usage</c>: tokens and cost by day and model (or by conversation), with totals.</summary>
internal static class UsageCommand
{
    private static readonly Option<string> By = new("--by")
    {
        Description = "Group by: day (with model), model, or conversation",
        DefaultValueFactory = _ => "day",
    };

    public static Command Create()
    {
        var command = new Command("usage", "Tokens and cost by day and model, or by conversation, with totals");
        foreach (var option in new Option[] { By, QueryOptions.Since, QueryOptions.Until, QueryOptions.TimeZone, CommonOptions.Json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CommandRunner.RunAsync(() => Task.FromResult(Run(parse))));
        return command;
    }

    private sealed record Group(string Day, string Model, string? Conversation)
    {
        public HashSet<string> Conversations { get; } = [];

        public int Turns { get; set; }

        public TokenUsage Tokens { get; set; }

        public decimal? Cost { get; set; } = 0m;
    }

    private static int Run(ParseResult parse)
    {
        var zone = QueryOptions.Zone(parse);
        var by = parse.GetValue(By) ?? "day";
        if (by is not ("day" or "model" or "conversation"))
        {
            throw new UserError($"--by \"{by}\" is not known.", "use --by day, --by model or --by conversation");
        }

        using var store = IndexAccess.Open(CliConfig.DataDir(parse));
        var prices = PriceTable.Load();
        var rows = store.Usage(QueryOptions.Time(parse, QueryOptions.Since, zone), QueryOptions.Time(parse, QueryOptions.Until, zone), zone);
        var groups = new Dictionary<(string, string, string?), Group>();
        var total = new Group("total", "", null);
        foreach (var row in rows)
        {
            var key = by switch
            {
                "day" => (row.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), row.Model ?? "?", (string?)null),
                "model" => ("", row.Model ?? "?", null),
                _ => ("", row.Model ?? "?", row.ConversationId),
            };
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new Group(key.Item1, key.Item2, key.Item3);
            }

            var cost = prices.Cost(row.Model, row.Tokens);
            foreach (var g in new[] { group, total })
            {
                g.Conversations.Add(row.ConversationId);
                g.Turns += row.Turns;
                g.Tokens += row.Tokens;
                g.Cost = g.Cost is null || cost is null ? null : g.Cost + cost;
            }
        }

        var ordered = groups.Values.OrderBy(g => g.Day, StringComparer.Ordinal).ThenBy(g => g.Model, StringComparer.Ordinal).ThenBy(g => g.Conversation, StringComparer.Ordinal).ToList();
        if (parse.GetValue(CommonOptions.Json))
        {
            JsonOutput.Write(json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("rows");
                foreach (var g in ordered)
                {
                    json.WriteStartObject();
                    WriteGroup(json, g, by);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartObject("total");
                WriteGroup(json, total, by);
                json.WriteEndObject();
                json.WriteEndObject();
            });
            return 0;
        }

        var first = by switch { "day" => "day", "model" => "model", _ => "conversation" };
        var table = by == "day"
            ? TextTable.Of(("day", false), ("model", false), ("conversations", true), ("turns", true), ("input", true), ("cached", true), ("output", true), ("reasoning", true), ("cost", true))
            : TextTable.Of((first, false), ("model", false), ("conversations", true), ("turns", true), ("input", true), ("cached", true), ("output", true), ("reasoning", true), ("cost", true));
        foreach (var g in ordered.Append(total))
        {
            var label = g == total ? "total" : by switch { "day" => g.Day, "model" => g.Model, _ => Format.ShortId(g.Conversation!) };
            table.AddRow(
                label,
                g == total ? "" : g.Model,
                g.Conversations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                g.Turns.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Format.Count(g.Tokens.Input),
                Format.Count(g.Tokens.CachedInput),
                Format.Count(g.Tokens.Output),
                Format.Count(g.Tokens.Reasoning),
                Format.Cost(g.Cost));
        }

        table.Write(Console.Out);
        return 0;
    }

    private static void WriteGroup(System.Text.Json.Utf8JsonWriter json, Group g, string by)
    {
        if (by == "day" && g.Day != "total")
        {
            json.WriteString("day", g.Day);
        }

        if (g.Conversation is not null)
        {
            json.WriteString("conversation", g.Conversation);
        }

        if (g.Model.Length > 0)
        {
            json.WriteString("model", g.Model);
        }

        json.WriteNumber("conversations", g.Conversations.Count);
        json.WriteNumber("turns", g.Turns);
        JsonOutput.Tokens(json, "tokens", g.Tokens);
        JsonOutput.Cost(json, g.Cost);
    }
}
