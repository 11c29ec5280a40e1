namespace CodexOtel.Ledger;

/// <summary>The newest lines of a signal, for <c>tail</c> and <c>doctor</c>: read back from the end, not through the ledger.</summary>
public sealed partial class LedgerTailer
{
    /// <summary>
    /// The last <paramref name="count"/> durable lines, oldest first, each with the checkpoint after it. Of an
    /// uncompressed segment only those lines are read (each chain entry holds its line's end offset); a compressed one
    /// is read through.
    /// </summary>
    public IReadOnlyList<LedgerLine> Last(int count)
    {
        for (var attempt = 0; ; attempt++)
        {
            var newestFirst = new List<LedgerLine>();
            var segments = _catalog.Refresh();
            var complete = true;
            for (var i = segments.Count - 1; i >= 0 && newestFirst.Count < count && complete; i--)
            {
                complete = AddNewest(segments[i], count - newestFirst.Count, newestFirst);
            }

            if (complete || attempt == 2)
            {
                newestFirst.Reverse();
                return newestFirst;
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

    /// <summary>Adds up to <paramref name="count"/> of the segment's newest lines, newest first; false when its files vanished meanwhile.</summary>
    private static bool AddNewest(IdentifiedSegment identified, int count, List<LedgerLine> newestFirst)
    {
        var (segment, id) = identified;
        try
        {
            if (segment.IsCompressed)
            {
                AddNewestCompressed(identified, count, newestFirst);
                return true;
            }

            // Data before chain, as in Open: a chain still naming the segment means the data is its data.
            using var data = new FileStream(segment.DataPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
            using var chain = new FileStream(segment.ChainPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
            var hash = new byte[HashChain.HashBytes];
            if (!ChainFile.TryRead(chain, 0, out _, hash) || Convert.ToHexStringLower(hash) != id)
            {
                return false;
            }

            var index = ChainFile.EntryCount(chain.Length) - 1;
            if (index < 0 || !ChainFile.TryRead(chain, index, out var end, hash))
            {
                return true;
            }

            for (var added = 0; index >= 0 && added < count; index--)
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
                    added++;
                }

                end = start;
            }

            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private static void AddNewestCompressed(IdentifiedSegment identified, int count, List<LedgerLine> newestFirst)
    {
        using var stream = LedgerReader.OpenData(identified.Segment) ?? throw new FileNotFoundException(identified.Segment.DataPath);
        using var reader = new LineReader(stream);
        var newest = new Queue<LedgerLine>(Math.Min(count, 1024));
        while (reader.TryNext(out var line, out var end, out var complete) && complete)
        {
            if (newest.Count == count)
            {
                newest.Dequeue();
            }

            newest.Enqueue(new LedgerLine(line.ToArray(), new LedgerCheckpoint(identified.Id, end)));
        }

        newestFirst.AddRange(newest.Reverse());
    }
}
