using CodexOtel.Otlp;
using ZstdSharp;

namespace CodexOtel.Ledger;

/// <summary>
/// Reads a signal's durable lines from a checkpoint on, across rotated and compressed segments. Every consumer of the
/// ledger (the indexer, a forwarder, <c>tail</c>) is one of these with its own checkpoint; it never sees a line the
/// recorder has not acknowledged.
/// </summary>
public sealed class LedgerTailer(string dataDir, Signal signal)
{
    /// <summary>How long a checkpoint's segment may be missing from the listing before it counts as removed.</summary>
    private static readonly TimeSpan RotationWait = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan RotationPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Lines after <paramref name="from"/> (null: from the beginning), at most about <paramref name="maxBytes"/>.
    /// <paramref name="claim"/>, if given, looks at each line as it is read: a line it claims comes with the claim
    /// instead of its bytes.
    /// </summary>
    public IReadOnlyList<LedgerLine> ReadNext(LedgerCheckpoint? from, int maxBytes = 8 << 20, LineClaim? claim = null)
    {
        var result = new List<LedgerLine>();
        var segments = Identified();
        var start = IndexOf(segments, from);
        for (var waited = TimeSpan.Zero; start < 0 && waited < RotationWait; waited += RotationPoll)
        {
            // Rotation moves a segment's chain file, then its data file: listed between the two moves, the segment
            // is neither the active one nor a rotated one. Look again before deciding it is gone.
            Thread.Sleep(RotationPoll);
            segments = Identified();
            start = IndexOf(segments, from);
        }

        var offset = from?.Offset ?? 0;
        if (start < 0)
        {
            // The checkpoint's segment is gone (removed by hand): start again at the oldest that is left.
            (start, offset) = (0, 0);
        }

        var bytes = 0;
        for (var i = start; i < segments.Count && bytes < maxBytes; i++, offset = 0)
        {
            var (segment, id) = segments[i];
            var end = segment.IsCompressed ? long.MaxValue : LedgerReader.DurableEnd(segment);
            if (offset >= end)
            {
                continue;
            }

            var stream = Open(segment, offset);
            if (stream is null && Identified().Find(s => s.Id == id).Segment is { } moved && moved.DataPath != segment.DataPath)
            {
                // Compressed since it was listed: the same lines are in the file that replaced it.
                (segment, end) = (moved, moved.IsCompressed ? long.MaxValue : LedgerReader.DurableEnd(moved));
                stream = Open(moved, offset);
            }

            if (stream is null)
            {
                // Gone while listed. Reading the segments after it would move the checkpoint past its lines for good.
                break;
            }

            using var opened = stream;
            using var reader = new LineReader(opened);
            while (bytes < maxBytes && reader.TryNext(out var line, out var endOffset, out var complete) && complete && offset + endOffset <= end)
            {
                var after = new LedgerCheckpoint(id, offset + endOffset);
                result.Add(claim?.Invoke(line) is { } claimed
                    ? new LedgerLine([], after) { Length = line.Length, Claim = claimed }
                    : new LedgerLine(line.ToArray(), after));
                bytes += line.Length;
            }
        }

        return result;
    }

    /// <summary>
    /// Just past the last durable line now (null while the stream holds none): lines appended from now on are read
    /// from here. Should the active segment rotate meanwhile, this is earlier than the end, never later.
    /// </summary>
    public LedgerCheckpoint? End()
    {
        // From the newest: only the last segment that holds a line is read, however many there are.
        var segments = LedgerSegment.List(dataDir, signal);
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            if (FirstHash(segments[i]) is { } id)
            {
                return new LedgerCheckpoint(id, LedgerReader.DurableEnd(segments[i]));
            }
        }

        return null;
    }

    /// <summary>Where the checkpoint's segment is in the list (0 for no checkpoint); -1 when it is not listed.</summary>
    private static int IndexOf(List<(LedgerSegment Segment, string Id)> segments, LedgerCheckpoint? from) =>
        from is null ? 0 : segments.FindIndex(s => s.Id == from.SegmentId);

    /// <summary>The segments that hold at least one line, with their ids.</summary>
    private List<(LedgerSegment Segment, string Id)> Identified()
    {
        var list = new List<(LedgerSegment, string)>();
        foreach (var segment in LedgerSegment.List(dataDir, signal))
        {
            if (FirstHash(segment) is { } id)
            {
                list.Add((segment, id));
            }
        }

        return list;
    }

    private static string? FirstHash(LedgerSegment segment) =>
        ChainFile.ReadEntry(segment.ChainPath, last: false) is { } first ? Convert.ToHexStringLower(first.Hash) : null;

    private static Stream? Open(LedgerSegment segment, long offset)
    {
        if (!File.Exists(segment.DataPath))
        {
            return null;
        }

        var file = new FileStream(segment.DataPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
        if (!segment.IsCompressed)
        {
            file.Seek(offset, SeekOrigin.Begin);
            return file;
        }

        var zstd = new DecompressionStream(file, leaveOpen: false);
        Skip(zstd, offset);
        return zstd;
    }

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
