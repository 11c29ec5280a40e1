using System.Runtime.CompilerServices;
using CodexOtel.Indexing;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;

namespace CodexOtel.Query;

/// <summary>
/// The noteworthy Codex events of a data folder's logs ledger (<c>tail</c>, and a live feed): the last ones or those
/// since a time, then, when following, each as soon as it is durable. Read straight from the ledger with a
/// <see cref="LedgerTailer"/>, so it works with and without serve and needs no index.
/// </summary>
public sealed class EventTail
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>Codex exports a few seconds after the fact; a segment closed this long before --since may still hold later events.</summary>
    private static readonly TimeSpan SegmentSlack = TimeSpan.FromMinutes(10);

    private readonly string _dataDir;
    private readonly List<(LedgerSegment Segment, string Id)> _segments;

    public EventTail(string dataDir)
    {
        _dataDir = dataDir;
        _segments = Identified(dataDir);
    }

    /// <summary>Whether the ledger held no line when this tail was made.</summary>
    public bool IsEmpty => _segments.Count == 0;

    /// <summary>The events <paramref name="query"/> asks for, oldest first; following ends when cancelled.</summary>
    public async IAsyncEnumerable<TailEventView> EventsAsync(TailQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tailer = new LedgerTailer(_dataDir, Signal.Logs);
        LedgerCheckpoint? at;
        if (query.Since is { } since)
        {
            at = StartFor(_segments, since);
            while (!cancellationToken.IsCancellationRequested && Next(tailer, ref at) is { } events)
            {
                foreach (var e in events.Where(e => e.Item.Time >= since))
                {
                    yield return e;
                }
            }
        }
        else
        {
            var (recent, after) = Last(tailer, Math.Max(0, query.Last), cancellationToken);
            foreach (var e in recent)
            {
                yield return e;
            }

            at = after;
        }

        if (!query.Follow)
        {
            yield break;
        }

        var seen = Signature();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (Next(tailer, ref at) is { } events)
            {
                foreach (var e in events)
                {
                    yield return e;
                }

                continue;
            }

            // Reading again is cheap only while nothing changed: wait for the ledger to grow or rotate.
            if (!await ChangedAsync(seen, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }

            seen = Signature();
        }
    }

    /// <summary>The events of the lines after <paramref name="at"/>, which moves past them; null when there are none.</summary>
    private static List<TailEventView>? Next(LedgerTailer tailer, ref LedgerCheckpoint? at)
    {
        var lines = tailer.ReadNext(at);
        if (lines.Count == 0)
        {
            return null;
        }

        at = lines[^1].After;
        return Events(lines);
    }

    /// <summary>Waits until the ledger differs from <paramref name="seen"/>; false when cancelled (Ctrl-C is how one stops following).</summary>
    private async Task<bool> ChangedAsync((int Segments, long ActiveEnd) seen, CancellationToken cancellationToken)
    {
        try
        {
            do
            {
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
            while (Signature() == seen);

            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// The last <paramref name="count"/> events and the checkpoint after them. Reads back from the newest segment's
    /// end, a few lines at a time (the chain gives each line's offset), so a large ledger is not read whole.
    /// </summary>
    private (List<TailEventView> Events, LedgerCheckpoint? After) Last(LedgerTailer tailer, int count, CancellationToken cancellationToken)
    {
        var collected = new List<TailEventView>();
        LedgerCheckpoint? after = null;
        for (var s = _segments.Count - 1; s >= 0 && collected.Count < count; s--)
        {
            var (segment, id) = _segments[s];
            var offsets = LineEnds(segment);
            List<TailEventView> inSegment = [];
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

        after ??= _segments.Count > 0 ? new LedgerCheckpoint(_segments[^1].Id, LedgerReader.DurableEnd(_segments[^1].Segment)) : null;
        return (collected.Count > count ? collected[^count..] : collected, after);
    }

    // The events of one segment from a checkpoint in it to its end; the first call (newest segment) sets where to follow from.
    private static List<TailEventView> ReadSegment(LedgerTailer tailer, LedgerCheckpoint start, string id, ref LedgerCheckpoint? after, CancellationToken cancellationToken)
    {
        var events = new List<TailEventView>();
        var from = start;
        while (!cancellationToken.IsCancellationRequested)
        {
            var lines = tailer.ReadNext(from).TakeWhile(l => l.After.SegmentId == id).ToList();
            if (lines.Count == 0)
            {
                break;
            }

            from = lines[^1].After;
            events.AddRange(Events(lines));
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

    /// <summary>The noteworthy events of some lines, in the order they happened.</summary>
    private static List<TailEventView> Events(IEnumerable<LedgerLine> lines)
    {
        var events = new List<Codex.CodexEvent>();
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
        return [.. events.OrderBy(e => e.Time)
            .Select(e => new TailEventView(e.ConversationId, TimelineItemView.Of(e)))
            .Where(e => e.Item.IsNoteworthy())];
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
    private (int Segments, long ActiveEnd) Signature() =>
        (LedgerSegment.List(_dataDir, Signal.Logs).Count, LedgerReader.DurableEnd(LedgerSegment.Active(_dataDir, Signal.Logs)));
}
