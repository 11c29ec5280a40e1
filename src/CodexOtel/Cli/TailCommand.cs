using System.CommandLine;
using CodexOtel.Codex;
using CodexOtel.Indexing;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;

namespace CodexOtel.Cli;

/// <summary>
/// <c>codex-otel tail [-f] [--since 10m] [-n N]</c>: Codex events as one-liners (time, conversation, what happened),
/// read straight from the ledger with a <see cref="LedgerTailer"/>, so it works with and without serve and shows a
/// record as soon as it is durable. Without <c>-f</c> it prints the last events (or those since a time) and exits.
/// </summary>
internal static class TailCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>Codex exports a few seconds after the fact; a segment closed this long before --since may still hold later events.</summary>
    private static readonly TimeSpan SegmentSlack = TimeSpan.FromMinutes(10);

    private static readonly Option<bool> Follow = new("--follow", "-f") { Description = "Keep printing events as they arrive, until Ctrl-C" };

    private static readonly Option<int> Count = CountOption.Create("--lines", "-n", "Start with the last N events (default 10); ignored with --since", 10, min: 0);

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
        var since = QueryOptions.Time(parse, QueryOptions.Since, zone);
        var follow = parse.GetValue(Follow);
        var count = parse.GetValue(Count);
        var dataDir = DataDirectory.Resolve(parse.GetValue(CommonOptions.Data));
        var printer = new Printer(zone);
        var tailer = new LedgerTailer(dataDir, Signal.Logs);

        var end = tailer.End();
        if (end is null && !follow)
        {
            throw new UserError(
                $"nothing has been recorded in {dataDir} yet.",
                "run `codex-otel serve`, point Codex at it (serve prints the [otel] block for ~/.codex/config.toml), then use Codex");
        }

        LedgerCheckpoint? at;
        if (since is { } from)
        {
            at = PrintFrom(tailer, tailer.WrittenSince(from - SegmentSlack), e => e.Time >= from, printer, cancellationToken);
        }
        else
        {
            var (recent, after) = Last(tailer, count);
            foreach (var e in recent)
            {
                printer.Print(e);
            }

            at = after ?? end;
        }

        if (!follow)
        {
            return 0;
        }

        if (end is null)
        {
            Console.Error.WriteLine($"waiting for Codex events in {dataDir} … (Ctrl-C to stop)");
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Serve may run in another process, so nothing here is woken by its commits: look again now and then.
                // A read that finds nothing opens only the active segment's files.
                var next = PrintFrom(tailer, at, _ => true, printer, cancellationToken);
                if (next == at)
                {
                    await Task.Delay(Poll, cancellationToken);
                }

                at = next;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C is how one stops following.
        }

        return 0;
    }

    /// <summary>Prints the events of every line after <paramref name="from"/>; returns the checkpoint after the last one.</summary>
    private static LedgerCheckpoint? PrintFrom(LedgerTailer tailer, LedgerCheckpoint? from, Func<CodexEvent, bool> wanted, Printer printer, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var lines = tailer.ReadNext(from);
            if (lines.Count == 0)
            {
                break;
            }

            from = lines[^1].After;
            foreach (var e in Events(lines).Where(wanted))
            {
                printer.Print(e);
            }
        }

        return from;
    }

    /// <summary>
    /// The last <paramref name="count"/> events worth a line and the checkpoint after them: the newest lines, more of
    /// them each time until they hold enough events, so a large ledger is not read whole.
    /// </summary>
    private static (List<CodexEvent> Events, LedgerCheckpoint? After) Last(LedgerTailer tailer, int count)
    {
        for (var window = Math.Max(16, count); ; window = (int)Math.Min(window * 4L, int.MaxValue))
        {
            var lines = tailer.Last(window);
            var events = Events(lines).Where(e => TimelineText.Describe(e) is not null).ToList();
            if (events.Count >= count || lines.Count < window)
            {
                return (events.Count > count ? events[^count..] : events, lines.Count > 0 ? lines[^1].After : null);
            }
        }
    }

    private static List<CodexEvent> Events(IEnumerable<LedgerLine> lines)
    {
        var events = new List<CodexEvent>();
        foreach (var line in lines)
        {
            try
            {
                events.AddRange(LineEvents.Read(line.Bytes).Events);
            }
            catch (OtlpJsonException)
            {
                // Not a line the recorder wrote; the indexer skips it too.
            }
        }

        // Codex batches its records; within a read, show them in the order they happened.
        return [.. events.OrderBy(e => e.Time)];
    }

    /// <summary>One line per event: time, short conversation id, label, text (as <c>show</c> describes it).</summary>
    private sealed class Printer(TimeZoneInfo zone)
    {
        private readonly int _width = Console.IsOutputRedirected ? 240 : Math.Clamp(Console.WindowWidth, 60, 240);

        public void Print(CodexEvent e)
        {
            if (TimelineText.Describe(e) is not { } line)
            {
                return;
            }

            var local = TimeZoneInfo.ConvertTime(e.Time, zone);
            var today = TimeZoneInfo.ConvertTime(DateTimeOffset.Now, zone).Date;
            var time = Format.LocalTime(e.Time, zone, local.Date == today ? "HH:mm:ss.fff" : "yyyy-MM-dd HH:mm:ss");
            var prefix = $"{time}  {Format.ShortId(e.ConversationId)}  {line.Label,-9}  ";
            Console.Out.WriteLine(prefix + Format.OneLine(line.Text, Math.Max(20, _width - prefix.Length)));
        }
    }
}
