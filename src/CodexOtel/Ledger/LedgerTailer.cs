using CodexOtel.Otlp;
using ZstdSharp;

namespace CodexOtel.Ledger;

/// <summary>
/// Reads a signal's durable lines from a checkpoint on, across rotated and compressed segments. Every consumer of the
/// ledger (the indexer, a forwarder, <c>tail</c>) is one of these with its own checkpoint; it never sees a line the
/// recorder has not acknowledged. It keeps its listing of the segments between reads (<see cref="SegmentCatalog"/>),
/// so a read that finds nothing new opens only the active segment's files; one instance serves one reader at a time.
/// </summary>
public sealed partial class LedgerTailer(string dataDir, Signal signal)
{
    /// <summary>How much a read returns unless told otherwise.</summary>
    public const int DefaultBatchBytes = 8 << 20;

    /// <summary>How long a checkpoint's segment may be missing from the listing before it counts as removed.</summary>
    private static readonly TimeSpan RotationWait = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan RotationPoll = TimeSpan.FromMilliseconds(10);

    private readonly SegmentCatalog _catalog = new(dataDir, signal);

    // The line reader's starting buffer: the largest a read of this tailer needed so far (up to 1 MB), so a reader of
    // half-megabyte lines does not copy each one as its buffer doubles, and a reader of short lines keeps a small one.
    private int _bufferSize = 1 << 16;

    /// <summary>How many times this tailer listed the folder.</summary>
    internal int Listings => _catalog.Listings;

    /// <summary>Sees one line as it is read; the span is valid only during the call.</summary>
    public delegate void LineVisitor(ReadOnlySpan<byte> line, LedgerCheckpoint after);

    /// <summary>Lines after <paramref name="from"/> (null: from the beginning), at most about <paramref name="maxBytes"/>.</summary>
    public IReadOnlyList<LedgerLine> ReadNext(LedgerCheckpoint? from, int maxBytes = DefaultBatchBytes)
    {
        var lines = new List<LedgerLine>();
        Read(from, maxBytes, (line, after) => lines.Add(new LedgerLine(line.ToArray(), after)));
        return lines;
    }

    /// <summary>
    /// Whether the reader already holds the line that starts at <paramref name="start"/> of the segment and ends by
    /// <paramref name="limit"/> (from the writer, in this process), and took it: where the line ends; -1 to have it read.
    /// </summary>
    public delegate long HeldLine(string segmentId, long start, long limit);

    /// <summary>
    /// Shows each line after <paramref name="from"/> to <paramref name="visit"/> as it is read, without copying it, up to
    /// about <paramref name="maxBytes"/>; returns the checkpoint after the last line, null when there was none. A line
    /// <paramref name="held"/> says it holds is passed over unread (in a segment not compressed).
    /// </summary>
    public LedgerCheckpoint? ReadEach(LedgerCheckpoint? from, LineVisitor visit, int maxBytes = DefaultBatchBytes, HeldLine? held = null)
    {
        LedgerCheckpoint? last = null;
        Read(
            from,
            maxBytes,
            (line, after) =>
            {
                visit(line, after);
                last = after;
            },
            held is null ? null : (segmentId, start, limit) => held(segmentId, start, limit) is var end and >= 0 ? (last = new LedgerCheckpoint(segmentId, end)).Offset : -1);
        return last;
    }

    /// <summary>
    /// As <see cref="ReadNext(LedgerCheckpoint?, int)"/>, and <paramref name="claim"/> looks at each line as it is read:
    /// a line it claims is kept as the claim, without its bytes.
    /// </summary>
    public ClaimedLines<TClaim> ReadNext<TClaim>(LedgerCheckpoint? from, LineClaim<TClaim> claim, int maxBytes = DefaultBatchBytes)
        where TClaim : class
    {
        var lines = new List<LedgerLine>();
        var claims = new List<TClaim?>();
        Read(from, maxBytes, (line, after) =>
        {
            var claimed = claim(line);
            lines.Add(claimed is null ? new LedgerLine(line.ToArray(), after) : new LedgerLine([], after) { Length = line.Length });
            claims.Add(claimed);
        });
        return new ClaimedLines<TClaim>(lines, claims);
    }

    /// <summary>
    /// Just past the last durable line now (null while the stream holds none): lines appended from now on are read
    /// from here. Should the active segment rotate meanwhile, this is earlier than the end, never later.
    /// </summary>
    public LedgerCheckpoint? End()
    {
        var segments = _catalog.Refresh();
        if (segments.Count == 0)
        {
            return null;
        }

        // A segment that rotated since it was listed is whole: its chain's end is its end.
        var (segment, id) = segments[^1];
        return new LedgerCheckpoint(id, ReadableEnd(segment, id) is var end and >= 0 ? end : LedgerReader.DurableEnd(segment));
    }

    private void Read(LedgerCheckpoint? from, int maxBytes, LineVisitor visit, HeldLine? held = null)
    {
        // A segment that rotated or was compressed under the first attempt is found under its new name by the second:
        // an empty answer must mean nothing new, or a reader woken by a commit would wait for the next one.
        for (var attempt = 0; attempt < 3 && ReadOnce(from, maxBytes, visit, held) is { Lines: 0, Interrupted: true }; attempt++)
        {
        }
    }

    /// <summary>One pass over the listed segments; says how many lines it saw and whether a vanished file cut it short.</summary>
    private (int Lines, bool Interrupted) ReadOnce(LedgerCheckpoint? from, int maxBytes, LineVisitor visit, HeldLine? held)
    {
        var (segments, start) = Find(from);
        var offset = from?.Offset ?? 0;
        if (start < 0)
        {
            // The checkpoint's segment is gone (removed by hand): start again at the oldest that is left.
            (start, offset) = (0, 0);
        }

        var (bytes, lines) = (0, 0);
        for (var i = start; i < segments.Count && bytes < maxBytes; i++, offset = 0)
        {
            var (segment, id) = segments[i];
            var opened = Open(segment, id, offset);
            if (opened is null && !segment.IsActive && _catalog.Refresh().Find(s => s.Id == id).Segment is { } moved && moved.DataPath != segment.DataPath)
            {
                // Compressed since it was listed: the same lines are in the file that replaced it.
                opened = Open(moved, id, offset);
            }

            if (opened is not var (stream, end))
            {
                // Gone, or rotated, while listed. Reading the segments after it would move the checkpoint past its
                // lines for good; the next read lists them again.
                _catalog.Invalidate();
                return (lines, true);
            }

            using var owned = stream;
            LineReader? reader = null; // made when a line is to be read: a held line is not
            try
            {
                var skips = segment.IsCompressed ? null : held; // a compressed stream cannot seek past a line
                var (position, readerStart) = (offset, offset);
                // Up to the end this read sees: past it is at most a line not yet acknowledged, not worth reading.
                while (bytes < maxBytes && position < end)
                {
                    if (skips?.Invoke(id, position, end) is var heldEnd and > 0)
                    {
                        // Held already, and as far as this read sees: read on from its end.
                        bytes += (int)(heldEnd - position);
                        lines++;
                        (position, readerStart) = (heldEnd.Value, heldEnd.Value);
                        stream.Seek(position, SeekOrigin.Begin);
                        reader?.Restart();
                        continue;
                    }

                    reader ??= new LineReader(stream, _bufferSize);
                    if (!reader.TryNext(out var line, out var endOffset, out var complete) || !complete || readerStart + endOffset > end)
                    {
                        break;
                    }

                    position = readerStart + endOffset;
                    visit(line, new LedgerCheckpoint(id, position));
                    bytes += line.Length;
                    lines++;
                }
            }
            finally
            {
                if (reader is not null)
                {
                    _bufferSize = Math.Min(Math.Max(_bufferSize, reader.Capacity), 1 << 20);
                    reader.Dispose();
                }
            }
        }

        return (lines, false);
    }

    /// <summary>The segments, and where the checkpoint's segment is among them (0 for no checkpoint; -1 when it is gone).</summary>
    private (List<IdentifiedSegment> Segments, int Start) Find(LedgerCheckpoint? from)
    {
        var segments = _catalog.Current();
        var start = IndexOf(segments, from);
        if (start < 0)
        {
            segments = _catalog.Refresh();
            start = IndexOf(segments, from);
        }

        for (var waited = TimeSpan.Zero; start < 0 && waited < RotationWait; waited += RotationPoll)
        {
            // Rotation moves a segment's chain file, then its data file: listed between the two moves, the segment
            // is neither the active one nor a rotated one. Look again before deciding it is gone.
            Thread.Sleep(RotationPoll);
            segments = _catalog.Refresh();
            start = IndexOf(segments, from);
        }

        return (segments, start);
    }

    private static int IndexOf(List<IdentifiedSegment> segments, LedgerCheckpoint? from) =>
        from is null ? 0 : segments.FindIndex(s => s.Id == from.SegmentId);

    /// <summary>
    /// The segment's data from <paramref name="offset"/> and its durable end; null when its file is gone or, for the
    /// active segment, when it is no longer segment <paramref name="id"/>. The active data file is opened before its
    /// chain is checked: rotation moves the chain first, so a chain still naming the segment means the data opened is
    /// its data too, even should the files move right after.
    /// </summary>
    private (Stream Stream, long End)? Open(LedgerSegment segment, string id, long offset)
    {
        FileStream file;
        try
        {
            file = new FileStream(segment.DataPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        if (segment.IsCompressed)
        {
            var zstd = new DecompressionStream(file, leaveOpen: false);
            Skip(zstd, offset);
            return (zstd, long.MaxValue);
        }

        var end = ReadableEnd(segment, id);
        if (end < 0)
        {
            file.Dispose();
            return null;
        }

        file.Seek(offset, SeekOrigin.Begin);
        return (file, end);
    }

    /// <summary>
    /// How far readers may read an uncompressed segment: the active one as far as the recorder acknowledged (-1 when
    /// it is no longer the segment of that id), a closed one to its chain's end.
    /// </summary>
    private long ReadableEnd(LedgerSegment segment, string id) => segment.IsActive
        ? ChainFile.ReadIdAndAcknowledgedEnd(segment.ChainPath, () => AcknowledgedMark.ReadFile(dataDir, signal)) is var (activeId, acknowledged) && activeId == id ? acknowledged : -1
        : LedgerReader.DurableEnd(segment);

    private static void Skip(Stream stream, long count)
    {
        var buffer = new byte[1 << 16];
        while (count > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0)
            {
                return;
            }

            count -= read;
        }
    }
}
