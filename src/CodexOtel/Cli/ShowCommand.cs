using System.CommandLine;
using System.Text.Json;
using CodexOtel.Codex;

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

        command.SetAction(parse => CommandRunner.RunAsync(() => Task.FromResult(Run(parse))));
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var zone = QueryOptions.Zone(parse);
        using var store = IndexAccess.Open(CliConfig.DataDir(parse));
        var summary = ConversationArgument.Resolve(store, parse.GetValue(Conversation));
        var timeline = ConversationTimeline.Build(store.Events(summary.Id));
        var cost = PriceTable.Load().Cost(timeline.Summary);
        if (parse.GetValue(Raw))
        {
            PrintRaw(timeline);
        }
        else if (parse.GetValue(CommonOptions.Json))
        {
            PrintJson(timeline, cost);
        }
        else
        {
            PrintText(timeline, cost, zone);
        }

        return 0;
    }

    private static void PrintText(ConversationTimeline timeline, decimal? cost, TimeZoneInfo zone)
    {
        var s = timeline.Summary;
        var width = Console.IsOutputRedirected ? 100 : Math.Clamp(Console.WindowWidth, 60, 160);
        Console.WriteLine($"conversation {s.Id} · {s.Model ?? "model unknown"}{(s.Provider is { } p ? $" via {p}" : "")} · {s.Originator} {s.AppVersion}{(s.Terminal is { } t ? $" · {t}" : "")}");
        Console.WriteLine($"policy: approval {s.ApprovalPolicy ?? "?"} · sandbox {s.SandboxPolicy ?? "?"} · started {Format.LocalTime(s.Started, zone)} · {Format.Duration(s.Duration)} · {TimelineText.Tokens(s.Tokens)} · {Format.Cost(cost)}{(s.Source != "ledger" ? $" · from {s.Source}" : "")}");
        foreach (var turn in timeline.Turns)
        {
            Console.WriteLine();
            var title = turn.Number == 0 ? "start " : $"turn {turn.Number} ";
            Console.WriteLine(title + new string('─', Math.Max(4, width - title.Length)));
            foreach (var item in turn.Items)
            {
                if (TimelineText.Describe(item) is not { } line)
                {
                    continue;
                }

                Console.WriteLine($" {Format.LocalTime(item.Time, zone, "HH:mm:ss.fff")}  {line.Label,-11}  {Format.OneLine(line.Text, width - 28)}");
                foreach (var detail in line.Details)
                {
                    Console.WriteLine($"{new string(' ', 28)}│ {Format.OneLine(detail, width - 30)}");
                }
            }
        }
    }

    private static void PrintRaw(ConversationTimeline timeline) => JsonOutput.Write(json =>
    {
        json.WriteStartArray();
        foreach (var e in timeline.Events)
        {
            json.WriteStartObject();
            json.WriteString("event", e.Name);
            json.WriteString("time", e.Time.ToUniversalTime());
            json.WriteString("source", e.Source);
            json.WriteStartObject("attributes");
            WriteValues(json, e.Attributes);
            json.WriteEndObject();
            json.WriteStartObject("resource");
            WriteValues(json, e.Resource);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    private static void PrintJson(ConversationTimeline timeline, decimal? cost) => JsonOutput.Write(json =>
    {
        json.WriteStartObject();
        JsonOutput.Summary(json, timeline.Summary, cost);
        json.WriteStartArray("timeline");
        foreach (var turn in timeline.Turns)
        {
            json.WriteStartObject();
            json.WriteNumber("turn", turn.Number);
            JsonOutput.Tokens(json, "tokens", turn.Tokens);
            json.WriteStartArray("items");
            foreach (var e in turn.Items)
            {
                WriteItem(json, e);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });

    private static void WriteItem(Utf8JsonWriter json, CodexEvent e)
    {
        json.WriteStartObject();
        json.WriteString("time", e.Time.ToUniversalTime());
        json.WriteString("kind", JsonNamingPolicy.SnakeCaseLower.ConvertName(e.Kind.ToString()));
        json.WriteString("event", e.Name);
        WriteIf(json, "model", e.Model);
        WriteIf(json, "tool", e.Tool);
        WriteIf(json, "call_id", e.CallId);
        WriteIf(json, "decision", e.Decision);
        WriteIf(json, "decided_by", e.DecisionSource);
        if (e.Success is { } success)
        {
            json.WriteBoolean("success", success);
        }

        if (e.DurationMs is { } ms)
        {
            json.WriteNumber("duration_ms", ms);
        }

        if (e.Status is { } status)
        {
            json.WriteNumber("status", status);
        }

        if (e.Tokens is { } tokens)
        {
            JsonOutput.Tokens(json, "tokens", tokens);
        }

        WriteIf(json, "text", e.Text);
        WriteIf(json, "detail", e.Detail);
        json.WriteString("source", e.Source);
        json.WriteEndObject();
    }

    private static void WriteIf(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteValues(Utf8JsonWriter json, IReadOnlyDictionary<string, object?> values)
    {
        foreach (var (key, value) in values)
        {
            switch (value)
            {
                case null:
                    json.WriteNull(key);
                    break;
                case string text:
                    json.WriteString(key, text);
                    break;
                case bool flag:
                    json.WriteBoolean(key, flag);
                    break;
                case long number:
                    json.WriteNumber(key, number);
                    break;
                case int number:
                    json.WriteNumber(key, number);
                    break;
                case double number:
                    json.WriteNumber(key, number);
                    break;
                default:
                    json.WriteString(key, value.ToString());
                    break;
            }
        }
    }
}
