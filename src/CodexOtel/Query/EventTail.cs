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
    /// <summary>Serve may run in another process, so nothing here is woken by its commits: look again this often.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>Codex exports a few seconds after the fact; a segment closed this long before --since may still hold later events.</summary>
    private static readonly TimeSpan SegmentSlack = TimeSpan.FromMinutes(10);

    private readonly LedgerTailer _tailer;
    private readonly LedgerCheckpoint? _end;

    public EventTail(string dataDir)
    {
        _tailer = new LedgerTailer(dataDir, Signal.Logs);
        _end = _tailer.End();
    }

    /// <summary>Whether the ledger held no line when this tail was made.</summary>
    public bool IsEmpty => _end is null;

    /// <summary>The events <paramref name="query"/> asks for, oldest first; following ends when cancelled.</summary>
    public async IAsyncEnumerable<TailEventView> EventsAsync(TailQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        LedgerCheckpoint? at;
        if (query.Since is { } since)
        {
            at = _tailer.WrittenSince(since - SegmentSlack);
            if (at is not null)
            {
                // From the start of that segment: the events before `since` in it are read and left out.
                while (!cancellationToken.IsCancellationRequested && Next(ref at) is { } events)
                {
                    foreach (var e in events.Where(e => e.Item.Time >= since))
                    {
                        yield return e;
                    }
                }
            }
        }
        else
        {
            var (recent, after) = Last(Math.Max(0, query.Last));
            foreach (var e in recent)
            {
                yield return e;
            }

            at = after ?? _end;
        }

        if (!query.Follow)
        {
            yield break;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            // A read that finds nothing new opens only the active segment's files.
            if (Next(ref at) is { } events)
            {
                foreach (var e in events)
                {
                    yield return e;
                }

                continue;
            }

            try
            {
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C is how one stops following.
                yield break;
            }
        }
    }

    /// <summary>The events of the lines after <paramref name="at"/>, which moves past them; null when there are none.</summary>
    private List<TailEventView>? Next(ref LedgerCheckpoint? at)
    {
        var lines = _tailer.ReadNext(at);
        if (lines.Count == 0)
        {
            return null;
        }

        at = lines[^1].After;
        return Events(lines);
    }

    /// <summary>How many ledger lines this tail has decoded (tests check that the newest events are found without decoding more).</summary>
    internal int LinesDecoded { get; private set; }

    /// <summary>
    /// The last <paramref name="count"/> events and the checkpoint after them (the durable end, where following
    /// resumes): the events of the newest lines, decoded one line at a time back from the end until they are enough,
    /// in the order they happened. A large ledger is neither read nor decoded whole.
    /// </summary>
    internal (List<TailEventView> Events, LedgerCheckpoint? After) Last(int count)
    {
        var newestFirst = new List<List<TailEventView>>();
        LedgerCheckpoint? after = null;
        var found = 0;
        foreach (var line in _tailer.NewestFirst())
        {
            after ??= line.After;
            if (found >= count)
            {
                break;
            }

            var lineEvents = Noteworthy(line);
            LinesDecoded++;
            newestFirst.Add(lineEvents);
            found += lineEvents.Count;
        }

        newestFirst.Reverse();
        var events = InTimeOrder(newestFirst.SelectMany(e => e));
        return (events.Count > count ? events[^count..] : events, after);
    }

    /// <summary>The noteworthy events of some lines, in the order they happened.</summary>
    internal static List<TailEventView> Events(IEnumerable<LedgerLine> lines) => InTimeOrder(lines.SelectMany(Noteworthy));

    /// <summary>
    /// Codex batches its records: within a read, show them in the order they happened (a stable sort, so events of
    /// one time keep their ledger order).
    /// </summary>
    private static List<TailEventView> InTimeOrder(IEnumerable<TailEventView> events) => [.. events.OrderBy(e => e.Item.Time)];

    /// <summary>A line's noteworthy events, in the line's order.</summary>
    private static List<TailEventView> Noteworthy(LedgerLine line)
    {
        try
        {
            return [.. LineEvents.Read(line.Bytes).Events
                .Select(e => new TailEventView(e.ConversationId, TimelineItemView.Of(e)))
                .Where(e => e.Item.IsNoteworthy())];
        }
        catch (OtlpJsonException)
        {
            // Not a line the recorder wrote; the indexer skips it too.
            return [];
        }
    }
}
