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
        var dataDir = CliConfig.DataDir(parse);
        var printer = new Printer(zone);
        var tailer = new LedgerTailer(dataDir, Signal.Logs);

        var segments = Identified(dataDir);
        if (segments.Count == 0 && !follow)
        {
            throw new UserError(
                $"nothing has been recorded in {dataDir} yet.",
                "run `codex-otel serve`, point Codex at it (serve prints the [otel] block for ~/.codex/config.toml), then use Codex");
        }

        LedgerCheckpoint? at;
        if (since is { } from)
        {
            at = StartFor(segments, from);
            at = PrintFrom(tailer, at, e => e.Time >= from, printer, cancellationToken);
        }
        else
        {
            var (recent, after) = Last(dataDir, segments, count, cancellationToken);
            foreach (var e in recent)
            {
                printer.Print(e);
            }

            at = after;
        }

        if (!follow)
        {
            return 0;
        }

        if (segments.Count == 0)
        {
            Console.Error.WriteLine($"waiting for Codex events in {dataDir} … (Ctrl-C to stop)");
        }

        try
        {
            var seen = Signature(dataDir);
            while (!cancellationToken.IsCancellationRequested)
            {
                var next = PrintFrom(tailer, at, _ => true, printer, cancellationToken);
                if (next != at)
                {
                    at = next;
                    continue;
                }

                // Reading again is cheap only while nothing changed: wait for the ledger to grow or rotate.
                do
                {
                    await Task.Delay(Poll, cancellationToken);
                }
                while (Signature(dataDir) == seen);

                seen = Signature(dataDir);
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
    /// The last <paramref name="count"/> events worth a line and the checkpoint after them. Reads back from the newest segment's
    /// end, a few lines at a time (the chain gives each line's offset), so a large ledger is not read whole.
    /// </summary>
    private static (List<CodexEvent> Events, LedgerCheckpoint? After) Last(
        string dataDir, List<(LedgerSegment Segment, string Id)> segments, int count, CancellationToken cancellationToken)
    {
        var tailer = new LedgerTailer(dataDir, Signal.Logs);
        var collected = new List<CodexEvent>();
        LedgerCheckpoint? after = null;
        for (var s = segments.Count - 1; s >= 0 && collected.Count < count; s--)
        {
            var (segment, id) = segments[s];
            var offsets = LineEnds(segment);
            List<CodexEvent> inSegment = [];
            for (var window = Math.Max(16, count); ; window *= 4)
            {
                var first = Math.Max(0, offsets.Count - window);
                var start = new LedgerCheckpoint(id, first == 0 ? 0 : offsets[first - 1]);
                inSegment = ReadSegment(tailer, start, id, ref after, cancellationToken);
                if (inSegment.Count >= count - collected.Count || first == 0)
                {
                    break;
                }
            }

            collected.InsertRange(0, inSegment);
        }

        after ??= segments.Count > 0 ? new LedgerCheckpoint(segments[^1].Id, LedgerReader.DurableEnd(segments[^1].Segment)) : null;
        return (collected.Count > count ? collected[^count..] : collected, after);
    }

    // The events of one segment from a checkpoint in it to its end; the first call (newest segment) sets where to follow from.
    private static List<CodexEvent> ReadSegment(LedgerTailer tailer, LedgerCheckpoint start, string id, ref LedgerCheckpoint? after, CancellationToken cancellationToken)
    {
        var events = new List<CodexEvent>();
        var from = start;
        while (!cancellationToken.IsCancellationRequested)
        {
            var lines = tailer.ReadNext(from).TakeWhile(l => l.After.SegmentId == id).ToList();
            if (lines.Count == 0)
            {
                break;
            }

            from = lines[^1].After;
            events.AddRange(Events(lines).Where(e => TimelineText.Describe(e) is not null));
        }

        after ??= from;
        return events;
    }

    /// <summary>Where to start for --since: the oldest segment that may hold events from that time on.</summary>
    private static LedgerCheckpoint? StartFor(List<(LedgerSegment Segment, string Id)> segments, DateTimeOffset since)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            var (segment, id) = segments[i];
            // A segment's chain was last written when its last line was.
            if (segment.IsActive || File.GetLastWriteTimeUtc(segment.ChainPath) >= since.UtcDateTime - SegmentSlack)
            {
                return new LedgerCheckpoint(id, 0);
            }
        }

        return null;
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

    /// <summary>The segments holding at least one line, oldest first, with their ids (the hash of their first line).</summary>
    private static List<(LedgerSegment Segment, string Id)> Identified(string dataDir)
    {
        var list = new List<(LedgerSegment, string)>();
        foreach (var segment in LedgerSegment.List(dataDir, Signal.Logs))
        {
            if (File.Exists(segment.ChainPath))
            {
                using var chain = new FileStream(segment.ChainPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
                var hash = new byte[HashChain.HashBytes];
                if (ChainFile.TryRead(chain, 0, out _, hash))
                {
                    list.Add((segment, Convert.ToHexStringLower(hash)));
                }
            }
        }

        return list;
    }

    /// <summary>The end offset of each line of a segment, from its chain.</summary>
    private static List<long> LineEnds(LedgerSegment segment)
    {
        using var chain = new FileStream(segment.ChainPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
        var entries = ChainFile.EntryCount(chain.Length);
        var ends = new List<long>((int)Math.Min(entries, 1 << 20));
        var hash = new byte[HashChain.HashBytes];
        for (var i = 0L; i < entries && ChainFile.TryRead(chain, i, out var end, hash); i++)
        {
            ends.Add(end);
        }

        return ends;
    }

    // What changes when the logs ledger gains a line or rotates.
    private static (int Segments, long ActiveEnd) Signature(string dataDir) =>
        (LedgerSegment.List(dataDir, Signal.Logs).Count, LedgerReader.DurableEnd(LedgerSegment.Active(dataDir, Signal.Logs)));

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
