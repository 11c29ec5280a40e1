using System.CommandLine;
using CodexOtel.Config;
using CodexOtel.Importing;
using CodexOtel.Ledger;
using CodexOtel.Pipeline;
using CodexOtel.Store;
using Spectre.Console;

namespace CodexOtel.Cli;

/// <summary>
/// <c>codex-otel import FILE|DIR…</c>: collector file-exporter JSONL (the seed's /tmp/otel-data/otel-*.jsonl; plain,
/// rotated, gzip or zstd) and Codex rollout files (~/.codex/sessions, archived_sessions) into the ledger, through the
/// running serve when there is one. Importing the same files again changes nothing.
/// </summary>
internal static class ImportCommand
{
    private static readonly Argument<string[]> Paths = new("paths")
    {
        Description = "Collector files (otel-logs.jsonl, rotated, .zst, .gz), Codex rollout files, or folders holding them",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "The API key of the running serve, if it wants one (default: $CODEX_OTEL_API_KEY, else serve's config file)",
    };

    private static readonly Option<bool> NoIndex = new("--no-index")
    {
        Description = "Only write the ledger; leave indexing to the next query (or to serve, when it runs)",
    };

    public static Command Create()
    {
        var command = new Command("import", "Import collector files and Codex rollout files into the ledger (backfills conversations whose telemetry was lost)");
        command.Arguments.Add(Paths);
        command.Options.Add(ApiKey);
        command.Options.Add(NoIndex);
        command.Options.Add(CommonOptions.NoRedact);
        command.Options.Add(CommonOptions.Json);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() => RunAsync(parse, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var config = CliConfig.Resolve(parse, (ConfigSettings.ApiKey, ApiKey), (ConfigSettings.RedactionEnabled, CommonOptions.NoRedact)).Config;
        var dataDir = config.Serve.DataDir;
        var json = parse.GetValue(CommonOptions.Json);
        var paths = parse.GetValue(Paths) ?? [];
        var notes = new List<string>();
        ImportSummary summary;
        string via;
        try
        {
            var files = InputFiles.Find(paths, dataDir, notes);
            if (files.All(f => f.Format == InputFormat.Unrecognised))
            {
                throw new UserError(
                    $"nothing to import in {string.Join(", ", paths)}: no collector files (OTLP-JSON lines, e.g. otel-logs.jsonl, plain, rotated or compressed) and no Codex rollout files.",
                    "give the collector's folder (e.g. /tmp/otel-data), ~/.codex/sessions, or the files themselves");
            }

            using var manifest = ImportManifest.Open(dataDir);
            await using var sink = await OpenSinkAsync(dataDir, config, cancellationToken);
            using var store = ConversationStores.Open(dataDir);
            via = sink.Description;
            var importer = new Importer(dataDir, sink, manifest, store) { IndexAtEnd = !parse.GetValue(NoIndex) };
            summary = await WithProgressAsync(files, json, progress => importer.RunAsync(files, progress, cancellationToken));
        }
        catch (ImportException e)
        {
            throw new UserError(e.Message, e.Fix);
        }
        catch (LedgerUnavailableException e)
        {
            throw new UserError($"the ledger in {dataDir} cannot be written: {e.Message}", "free disk space, then run the import again (it skips what is already there)");
        }

        foreach (var note in notes)
        {
            Console.Error.WriteLine($"note: {note}");
        }

        if (json)
        {
            PrintJson(summary, via);
        }
        else
        {
            PrintText(summary, via, dataDir, parse.GetValue(NoIndex));
        }

        return summary.InvalidLines > 0 || summary.RejectedRecords > 0 ? 1 : 0;
    }

    /// <summary>Through serve when it records into the folder (one writer per ledger); else the ledger directly.</summary>
    private static async Task<IImportSink> OpenSinkAsync(string dataDir, RecorderConfig config, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (ServeImportSink.FindRunning(dataDir) is { } serve)
            {
                return new ServeImportSink(serve, config.Serve.ApiKey);
            }

            if (LedgerWriter.IsLocked(dataDir))
            {
                if (attempt < 20)
                {
                    // serve may be starting (it takes the lock before it writes serve.json).
                    await Task.Delay(250, cancellationToken);
                    continue;
                }

                throw new UserError($"another codex-otel process is writing to {dataDir}, and it is not a serve this command can reach.", "wait for it to finish, then import again");
            }

            try
            {
                // Written as serve would write it: the config's [ledger] rotation and compression, its [redaction].
                return LedgerImportSink.Open(dataDir, ExportProcessors.Create(config.Redaction), config.Ledger);
            }
            catch (LedgerLockedException) when (attempt < 20)
            {
                // serve started just now: go through it.
            }
        }
    }

    private static async Task<ImportSummary> WithProgressAsync(IReadOnlyList<InputFile> files, bool json, Func<Action<ImportProgress>?, Task<ImportSummary>> run)
    {
        if (json || Console.IsErrorRedirected)
        {
            return await run(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var total = Math.Max(1, files.Sum(f => f.Bytes));
        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("importing", maxValue: total);
                var summary = await run(p =>
                {
                    // Indexing has no measure of its own: the bar waits (pulsing) below 100% until it is done.
                    task.IsIndeterminate = p.Phase == "indexing";
                    task.Description = p.Phase == "indexing" ? "indexing" : Markup.Escape(Format.OneLine(Path.GetFileName(p.File), 40));
                    task.Value = Math.Min(total - 1, p.BytesDone);
                });
                task.Value = total;
                return summary;
            });
    }

    private static void PrintText(ImportSummary s, string via, string dataDir, bool noIndex)
    {
        var files = $"{s.Files} file{(s.Files == 1 ? "" : "s")} ({s.CollectorFiles} collector, {s.RolloutFiles} rollout)";
        var conversations = s.NewConversations.Count == 0 ? "no new conversations" : Plural(s.NewConversations.Count, "new conversation");
        Console.WriteLine($"imported {Plural(s.Records, "record")} from {files} through {via} into {dataDir} · {conversations}");
        if (s.Skipped > 0)
        {
            var parts = new List<string>();
            if (s.SkippedLines > 0 || s.SkippedRolloutEvents > 0)
            {
                parts.Add($"{Plural(s.SkippedLines, "line")} and {Plural(s.SkippedRolloutEvents, "rollout event")} imported before");
            }

            if (s.SkippedRecorded > 0)
            {
                parts.Add($"{Plural(s.SkippedRecorded, "rollout event")} the recorded telemetry already has");
            }

            Console.WriteLine($"skipped {string.Join(" · ", parts)}");
        }

        if (s.InvalidLines > 0)
        {
            Console.Error.WriteLine($"warning: {Plural(s.InvalidLines, "line")} {(s.InvalidLines == 1 ? "is not an OTLP export request and was" : "are not OTLP export requests and were")} not imported:");
            foreach (var problem in s.Problems)
            {
                Console.Error.WriteLine($"  {problem}");
            }
        }

        if (s.RejectedRecords > 0)
        {
            Console.Error.WriteLine($"warning: {Plural(s.RejectedRecords, "record")} refused (each larger than a ledger line may be, 1 MiB)");
        }

        if (s.IncompleteLines > 0)
        {
            Console.Error.WriteLine("note: a file ends in a line without its line end (still being written?); import it again later for the rest");
        }

        if (!s.Indexed && !noIndex)
        {
            Console.Error.WriteLine("note: the index is still catching up; `codex-otel list` shows the imported conversations once it has");
        }
        else if (s.NewConversations.Count > 0)
        {
            Console.WriteLine("`codex-otel list` shows them");
        }
    }

    private static string Plural(long count, string noun) => $"{Format.Grouped(count)} {noun}{(count == 1 ? "" : "s")}";

    private static void PrintJson(ImportSummary s, string via) => JsonOutput.Write(json =>
    {
        json.WriteStartObject();
        json.WriteStartObject("files");
        json.WriteNumber("collector", s.CollectorFiles);
        json.WriteNumber("rollout", s.RolloutFiles);
        json.WriteNumber("unrecognised", s.UnrecognisedFiles);
        json.WriteEndObject();
        json.WriteNumber("lines", s.Lines);
        json.WriteNumber("records", s.Records);
        json.WriteNumber("rollout_records", s.RolloutRecords);
        json.WriteStartArray("new_conversations");
        foreach (var id in s.NewConversations.Order(StringComparer.Ordinal))
        {
            json.WriteStringValue(id);
        }

        json.WriteEndArray();
        json.WriteStartObject("skipped");
        json.WriteNumber("lines", s.SkippedLines);
        json.WriteNumber("rollout_events", s.SkippedRolloutEvents);
        json.WriteNumber("recorded", s.SkippedRecorded);
        json.WriteEndObject();
        json.WriteNumber("invalid_lines", s.InvalidLines);
        json.WriteNumber("incomplete_lines", s.IncompleteLines);
        json.WriteNumber("rejected_records", s.RejectedRecords);
        json.WriteString("via", via);
        json.WriteBoolean("indexed", s.Indexed);
        json.WriteStartArray("problems");
        foreach (var problem in s.Problems)
        {
            json.WriteStringValue(problem);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });
}
