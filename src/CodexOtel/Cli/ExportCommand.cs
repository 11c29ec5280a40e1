using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CodexOtel.Importing;
using CodexOtel.Ledger;
using CodexOtel.Query;

namespace CodexOtel.Cli;

/// <summary>
/// <c>codex-otel export ID --format jsonl|csv|md [-o FILE]</c>: one conversation as evidence. jsonl is its raw ledger
/// log lines (export requests; a line that also holds other conversations' records keeps only this one's), csv one row
/// per event, md a report to read.
/// </summary>
internal static class ExportCommand
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly string[] CsvColumns =
    [
        "time", "turn", "kind", "event", "model", "tool", "call_id", "decision", "decided_by", "success", "duration_ms", "status",
        "input_tokens", "cached_input_tokens", "output_tokens", "reasoning_tokens", "text", "detail", "source",
    ];

    private static readonly string[] Formats = ["jsonl", "csv", "md"];

    private static readonly Argument<string?> Conversation = new("conversation")
    {
        Description = "Conversation id, a unique prefix of it, or a row number of `list` (default: the latest)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string> ExportFormat = new("--format", "-f")
    {
        Description = "jsonl (its raw ledger lines), csv (one row per event) or md (a readable report)",
        DefaultValueFactory = _ => "jsonl",
    };

    private static readonly Option<string?> Output = new("--output", "-o") { Description = "Write to this file (default: stdout)" };

    private static readonly Option<bool> Evidence = new("--evidence")
    {
        Description = "Write one archive (tar, needs -o FILE) an auditor can check with verify --evidence, without the ledger: the raw ledger lines, the chain entries that prove them, a SHA-256 manifest and the reports; with --since/--until, of every conversation started in that range",
    };

    public static Command Create()
    {
        ExportFormat.CompletionSources.Add(Formats);
        ExportFormat.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } format && !Formats.Contains(format))
            {
                result.AddError($"--format {format} is not one of {string.Join(", ", Formats)}.");
            }
        });
        var command = new Command("export", "One conversation as evidence: its raw ledger lines (jsonl), its events (csv) or a report (md)");
        command.Arguments.Add(Conversation);
        foreach (var option in new Option[] { ExportFormat, Output, Evidence, QueryOptions.Since, QueryOptions.Until, QueryOptions.TimeZone })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() => RunAsync(parse, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var zone = QueryOptions.Zone(parse);
        var dataDir = CliConfig.DataDir(parse);
        var since = QueryOptions.Time(parse, QueryOptions.Since, zone);
        var until = QueryOptions.Time(parse, QueryOptions.Until, zone);
        using var store = IndexAccess.Open(dataDir);
        if (parse.GetValue(Evidence))
        {
            return await EvidenceExport.RunAsync(store, dataDir, parse.GetValue(Conversation), since, until, zone, parse.GetValue(Output), cancellationToken);
        }

        if (since is not null || until is not null)
        {
            throw new UserError("--since and --until choose the conversations of an evidence archive.", "add --evidence -o FILE, or export one conversation by its id");
        }

        var summary = await ConversationArgument.ResolveAsync(store, parse.GetValue(Conversation));
        var format = parse.GetValue(ExportFormat) ?? "jsonl";
        var path = parse.GetValue(Output);
        using var output = Open(path);
        if (format == "jsonl")
        {
            var lines = ConversationLedgerLines.Write(dataDir, summary.Id, output, cancellationToken);
            if (path is not null)
            {
                Console.Error.WriteLine($"wrote {lines} ledger line{(lines == 1 ? "" : "s")} of conversation {summary.Id} to {path}");
            }

            return 0;
        }

        var timeline = await new ConversationQueries(store).TimelineAsync(summary.Id)
            ?? throw new UserError($"conversation {summary.Id} has no events.", "codex-otel reindex rebuilds the index from the ledger");
        if (format == "csv")
        {
            WriteCsv(timeline, output);
        }
        else
        {
            WriteMarkdown(timeline, zone, output);
        }

        return 0;
    }

    /// <summary>The file to write (0600), or stdout for none or "-".</summary>
    public static Stream Open(string? path)
    {
        if (path is null || path == "-")
        {
            return Console.OpenStandardOutput();
        }

        FileStream? file = null;
        try
        {
            // Prompts and tool output are as private as the ledger itself: 0600. A file that exists keeps its mode when
            // it is overwritten, so it is made private too — only a file: -o /dev/null must leave the device alone.
            var fullPath = Path.GetFullPath(path);
            file = new FileStream(fullPath, DataDirectory.PrivateFile(FileMode.Create, FileAccess.Write));
            if (!OperatingSystem.IsWindows() && FileKinds.Of(fullPath) == FileKind.Regular)
            {
                File.SetUnixFileMode(file.SafeFileHandle, DataDirectory.PrivateFileMode);
            }

            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file?.Dispose();
            throw new UserError($"cannot write {path}: {e.Message}", "give another file with -o, or leave -o out to print to stdout");
        }
    }

    /// <summary>One row per event shown in the timeline (RFC 4180: quoted where needed, CRLF between rows).</summary>
    public static void WriteCsv(TimelineView timeline, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(string.Join(',', CsvColumns));
        foreach (var turn in timeline.Timeline)
        {
            foreach (var e in turn.Items)
            {
                var t = e.Tokens;
                string?[] cells =
                [
                    e.Time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
                    Number(turn.Number),
                    JsonNamingPolicy.SnakeCaseLower.ConvertName(e.Kind.ToString()),
                    e.Event,
                    e.Model,
                    e.Tool,
                    e.CallId,
                    e.Decision,
                    e.DecidedBy,
                    e.Success switch { true => "true", false => "false", null => null },
                    e.DurationMs?.ToString("0.###", CultureInfo.InvariantCulture),
                    e.Status is { } status ? Number(status) : null,
                    t is { } a ? Number(a.Input) : null,
                    t is { } b ? Number(b.CachedInput) : null,
                    t is { } c ? Number(c.Output) : null,
                    t is { } d ? Number(d.Reasoning) : null,
                    e.Text,
                    e.Detail,
                    e.Source,
                ];
                writer.WriteLine(string.Join(',', cells.Select(Csv)));
            }
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>A report to read: the conversation's summary, then its turns as <c>show</c> prints them.</summary>
    public static void WriteMarkdown(TimelineView s, TimeZoneInfo zone, Stream output)
    {
        using var md = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        md.WriteLine($"# Codex conversation {s.Id}");
        md.WriteLine();
        md.WriteLine("| | |");
        md.WriteLine("|---|---|");
        Row(md, "started", $"{Format.LocalTime(s.Started, zone)} ({zone.Id})");
        Row(md, "duration", Format.Duration(s.Duration));
        Row(md, "model", (s.Model ?? "unknown") + (s.Provider is { } p ? $" via {p}" : ""));
        Row(md, "client", $"{s.Originator} {s.AppVersion}".Trim());
        if (s.Senders.Count > 0)
        {
            Row(md, "sent by", string.Join(" · ", s.Senders.Select(Format.Sender)));
        }

        Row(md, "policy", $"approval {s.ApprovalPolicy ?? "?"} · sandbox {s.SandboxPolicy ?? "?"}");
        Row(md, "turns", $"{s.Turns} · tool calls {s.ToolCalls} · denied {s.Denials} · errors {s.Errors}");
        Row(md, "tokens", TimelineText.Tokens(s.Tokens));
        Row(md, "cost", Format.Cost(s.CostUsd) + (s.CostUsd is null ? " (model without a price)" : ""));
        Row(md, "first prompt", Format.OneLine(s.FirstPrompt, 200));
        Row(md, "recorded from", s.Source);
        foreach (var turn in s.Timeline)
        {
            md.WriteLine();
            md.WriteLine(turn.Number == 0 ? "## Start" : $"## Turn {turn.Number}");
            md.WriteLine();
            foreach (var item in turn.Items)
            {
                if (TimelineText.Describe(item) is not { } line)
                {
                    continue;
                }

                var text = line.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
                md.WriteLine($"- `{Format.LocalTime(item.Time, zone, "HH:mm:ss.fff")}` **{line.Label}** {Escape(text[0])}");
                foreach (var more in text.Skip(1))
                {
                    md.WriteLine($"  {Escape(more)}");
                }

                if (line.Details.Count > 0)
                {
                    var fence = Fence(line.Details);
                    md.WriteLine();
                    md.WriteLine($"  {fence}");
                    foreach (var detail in line.Details)
                    {
                        md.WriteLine($"  {detail}");
                    }

                    md.WriteLine($"  {fence}");
                    md.WriteLine();
                }
            }
        }
    }

    private static void Row(StreamWriter md, string name, string value) => md.WriteLine($"| {name} | {Escape(value)} |");

    // Text from prompts and tools is shown as written, not as Markdown.
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        var atStart = true;
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '[' or ']' or '<' or '>' or '|' || (atStart && c is '#' or '-' or '+' or '='))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
            atStart &= char.IsWhiteSpace(c);
        }

        return escaped.ToString();
    }

    // A code fence longer than any run of backticks in the block.
    private static string Fence(IEnumerable<string> lines)
    {
        var longest = 0;
        foreach (var line in lines)
        {
            var run = 0;
            foreach (var c in line)
            {
                run = c == '`' ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }
        }

        return new string('`', Math.Max(3, longest + 1));
    }
}
