namespace CodexOtel.Ledger;

/// <summary>The newest lines of a signal, for <c>tail</c>, the live page and <c>doctor</c>: read back from the end, not through the ledger.</summary>
public sealed partial class LedgerTailer
{
    /// <summary>How many lines the first backward read of a segment takes; each next one takes four times as many, up to <see cref="MaxBackwardLines"/>.</summary>
    private const int FirstBackwardLines = 4;

    private const int MaxBackwardLines = 1024;

    /// <summary>The last <paramref name="count"/> durable lines, oldest first, each with the checkpoint after it.</summary>
    public IReadOnlyList<LedgerLine> Last(int count) => [.. NewestFirst().Take(count).Reverse()];

    /// <summary>
    /// The durable lines, newest first, each with the checkpoint after it, read as they are taken: a caller that stops
    /// after a few lines reads only a few more than those. An uncompressed segment is read in small windows, each line
    /// found from its chain entry (which holds the line's end offset); a compressed one is read through for each window
    /// (the windows grow, so that is a few times). A segment rotated or compressed meanwhile is read on under its new
    /// name, from where the lines taken so far start.
    /// </summary>
    public IEnumerable<LedgerLine> NewestFirst()
    {
        var segments = _catalog.Refresh();
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            var (segment, id) = segments[i];
            var before = long.MaxValue;
            var window = FirstBackwardLines;
            for (var attempt = 0; attempt < 3;)
            {
                var lines = segment is null ? null : ReadBackward(segment, id, before, window);
                if (lines is null)
                {
                    // Its files moved (rotated, compressed) or went (pruned): look for it again by its id.
                    attempt++;
                    segment = _catalog.Refresh().Find(s => s.Id == id).Segment;
                    continue;
                }

                foreach (var line in lines)
                {
                    yield return line;
                }

                if (lines.Count < window)
                {
                    break;
                }

                // The next window ends where the oldest line taken starts (its end, less the line and its '\n').
                before = lines[^1].After.Offset - lines[^1].Length - 1;
                window = Math.Min(window * 4, MaxBackwardLines);
            }
        }
    }

    /// <summary>When the segment holding <paramref name="at"/> was last written to (its chain gains an entry as each line becomes durable).</summary>
    public DateTimeOffset? LastWritten(LedgerCheckpoint at) =>
        _catalog.Current().Find(s => s.Id == at.SegmentId).Segment is { } segment && File.Exists(segment.ChainPath)
            ? new DateTimeOffset(File.GetLastWriteTimeUtc(segment.ChainPath), TimeSpan.Zero)
            : null;

    private static readonly TimeSpan ModificationTimeSlack = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Where to read from for the lines written at or after <paramref name="time"/>: the start of the oldest segment
    /// written to since then (a segment's chain is last written when its last line is; the active one always counts),
    /// so some earlier lines come too. Null when the stream holds no line.
    /// </summary>
    public LedgerCheckpoint? WrittenSince(DateTimeOffset time)
    {
        // A file's modification time comes from the kernel's coarse clock, which may lag the precise one by a few
        // milliseconds: a segment written just after `time` can carry an earlier time. A second of slack never misses
        // it; at worst one more segment is read.
        var since = time.UtcDateTime - ModificationTimeSlack;
        var segments = _catalog.Refresh();
        foreach (var (segment, id) in segments)
        {
            if (segment.IsActive || File.GetLastWriteTimeUtc(segment.ChainPath) >= since)
            {
                return new LedgerCheckpoint(id, 0);
            }
        }

        return End();
    }


    /// <summary>
    /// Up to <paramref name="count"/> of the segment's lines that end at or before <paramref name="before"/>, newest
    /// first; null when its files are gone or, for the active name, hold another segment now.
    /// </summary>
    private static List<LedgerLine>? ReadBackward(LedgerSegment segment, string id, long before, int count)
    {
        try
        {
            return segment.IsCompressed ? ReadBackwardCompressed(segment, id, before, count) : ReadBackwardByChain(segment, id, before, count);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static List<LedgerLine>? ReadBackwardByChain(LedgerSegment segment, string id, long before, int count)
    {
        // Data before chain, as in Open: a chain still naming the segment means the data is its data.
        using var data = new FileStream(segment.DataPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
        using var chain = new FileStream(segment.ChainPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
        var hash = new byte[HashChain.HashBytes];
        if (!ChainFile.TryRead(chain, 0, out _, hash) || Convert.ToHexStringLower(hash) != id)
        {
            return null;
        }

        var newestFirst = new List<LedgerLine>();
        var index = LastEntryEndingBy(chain, before, hash);
        if (index < 0 || !ChainFile.TryRead(chain, index, out var end, hash))
        {
            return newestFirst;
        }

        while (index >= 0 && newestFirst.Count < count)
        {
            var start = 0L;
            if (index > 0 && !ChainFile.TryRead(chain, index - 1, out start, hash))
            {
                break;
            }

            // A recovery entry ends where the entry before it does: it has no line.
            if (end > start)
            {
                var bytes = new byte[end - start - 1];
                RandomAccess.Read(data.SafeFileHandle, bytes, start);
                newestFirst.Add(new LedgerLine(bytes, new LedgerCheckpoint(id, end)));
            }

            end = start;
            index--;
        }

        return newestFirst;
    }

    /// <summary>The last well-formed chain entry whose line ends at or before <paramref name="before"/> (entries end in order); -1 when none.</summary>
    private static long LastEntryEndingBy(FileStream chain, long before, Span<byte> hash)
    {
        var (low, high) = (0L, ChainFile.EntryCount(chain.Length) - 1);
        while (high >= 0 && !ChainFile.TryRead(chain, high, out _, hash))
        {
            high--; // an entry still being written
        }

        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (ChainFile.TryRead(chain, middle, out var end, hash) && end <= before)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return high;
    }

    private static List<LedgerLine> ReadBackwardCompressed(LedgerSegment segment, string id, long before, int count)
    {
        using var stream = LedgerReader.OpenData(segment) ?? throw new FileNotFoundException(segment.DataPath);
        using var reader = new LineReader(stream);
        var newest = new Queue<LedgerLine>(Math.Min(count, MaxBackwardLines));
        while (reader.TryNext(out var line, out var end, out var complete) && complete && end <= before)
        {
            if (newest.Count == count)
            {
                newest.Dequeue();
            }

            newest.Enqueue(new LedgerLine(line.ToArray(), new LedgerCheckpoint(id, end)));
        }

        return [.. newest.Reverse()];
    }
}
