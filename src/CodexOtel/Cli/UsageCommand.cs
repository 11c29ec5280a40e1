using System.CommandLine;
using System.Globalization;
using CodexOtel.Query;

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

        command.SetAction(parse => CommandRunner.RunAsync(() => RunAsync(parse)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse)
    {
        var zone = QueryOptions.Zone(parse);
        var by = parse.GetValue(By) ?? "day";
        var grouping = by switch
        {
            "day" => UsageGrouping.Day,
            "model" => UsageGrouping.Model,
            "conversation" => UsageGrouping.Conversation,
            _ => throw new UserError($"--by \"{by}\" is not known.", "use --by day, --by model or --by conversation"),
        };

        using var store = IndexAccess.Open(CliConfig.DataDir(parse));
        var usage = await new ConversationQueries(store).UsageAsync(new UsageQuery
        {
            By = grouping,
            Since = QueryOptions.Time(parse, QueryOptions.Since, zone),
            Until = QueryOptions.Time(parse, QueryOptions.Until, zone),
            Zone = zone,
        });

        if (parse.GetValue(CommonOptions.Json))
        {
            JsonOutput.Write(usage, QueryJsonContext.Default.UsageView);
            return 0;
        }

        var table = TextTable.Of((by, false), ("model", false), ("conversations", true), ("turns", true), ("input", true), ("cached", true), ("output", true), ("reasoning", true), ("cost", true));
        foreach (var row in usage.Rows)
        {
            var label = grouping switch
            {
                UsageGrouping.Day => row.Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                UsageGrouping.Model => row.Model,
                _ => Format.ShortId(row.Conversation!),
            };
            AddRow(table, label!, row.Model!, row);
        }

        AddRow(table, "total", "", usage.Total);
        table.Write(Console.Out);
        return 0;
    }

    private static void AddRow(TextTable table, string label, string model, UsageRowView row) => table.AddRow(
        label,
        model,
        row.Conversations.ToString(CultureInfo.InvariantCulture),
        row.Turns.ToString(CultureInfo.InvariantCulture),
        Format.Count(row.Tokens.Input),
        Format.Count(row.Tokens.CachedInput),
        Format.Count(row.Tokens.Output),
        Format.Count(row.Tokens.Reasoning),
        Format.Cost(row.CostUsd));
}
