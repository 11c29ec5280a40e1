namespace CodexOtel.Ledger;

/// <summary>Reads entries of a segment's chain file.</summary>
internal static class ChainFile
{
    /// <summary>The number of whole entries in a chain file of this length.</summary>
    public static long EntryCount(long length) => length / HashChain.EntryBytes;

    /// <summary>Reads entry <paramref name="index"/> (0-based); false when it is not a well-formed entry.</summary>
    public static bool TryRead(FileStream chain, long index, out long endOffset, Span<byte> hash)
    {
        Span<byte> entry = stackalloc byte[HashChain.EntryBytes];
        var read = RandomAccess.Read(chain.SafeFileHandle, entry, index * HashChain.EntryBytes);
        endOffset = 0;
        return read == HashChain.EntryBytes && HashChain.TryReadEntry(entry, out endOffset, hash);
    }

    /// <summary>The first (<paramref name="last"/> false) or last entry of a chain file; null when it has none.</summary>
    public static (long EndOffset, byte[] Hash)? ReadEntry(string chainPath, bool last)
    {
        if (!File.Exists(chainPath))
        {
            return null;
        }

        using var chain = new FileStream(chainPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
        var count = EntryCount(chain.Length);
        var hash = new byte[HashChain.HashBytes];
        return count > 0 && TryRead(chain, last ? count - 1 : 0, out var end, hash) ? (end, hash) : null;
    }

    /// <summary>
    /// The active segment's id (its first entry's hash, hex) and how far a reader may read it: to the end of the last
    /// entry the recorder acknowledged (<paramref name="readMark"/>, read after the chain is opened); null when the
    /// chain has no entry. The writer writes a group's entries before the fsync that acknowledges them, and cuts them
    /// back should it fail, so the chain's own end may be ahead of what is durable. Which chain the mark describes:
    /// <list type="bullet">
    /// <item>this one, when its entry at the mark's length ends where the mark says with the mark's hash: that end;</item>
    /// <item>none yet (a mark of no entries, as rotation leaves it): this chain's whole length if its last hash is the
    /// mark's (the segment being rotated, synced in full), else nothing;</item>
    /// <item>another (the next segment's, the rotation done after this chain was opened; or no mark, an older ledger):
    /// the chain's end, since rotation closes a segment only once all of it is synced.</item>
    /// </list>
    /// </summary>
    public static (string Id, long End)? ReadIdAndAcknowledgedEnd(string chainPath, Func<ActiveSegmentState?> readMark)
    {
        FileStream chain;
        try
        {
            chain = new FileStream(chainPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
        }
        catch (FileNotFoundException)
        {
            return null; // also moved away by a rotation just now
        }

        using var opened = chain;
        var mark = readMark();
        var count = EntryCount(chain.Length);
        var hash = new byte[HashChain.HashBytes];
        if (count == 0 || !TryRead(chain, 0, out var end, hash))
        {
            return null;
        }

        var id = Convert.ToHexStringLower(hash);
        if (count > 1 && !TryRead(chain, count - 1, out end, hash))
        {
            return null;
        }

        var marked = mark is null ? 0 : mark.ChainLength / HashChain.EntryBytes;
        if (mark is null || marked > count)
        {
            return (id, end);
        }

        if (marked == 0)
        {
            return (id, hash.AsSpan().SequenceEqual(mark.LastHash) ? end : 0);
        }

        return TryRead(chain, marked - 1, out var markedEnd, hash) && markedEnd == mark.DataLength && hash.AsSpan().SequenceEqual(mark.LastHash)
            ? (id, markedEnd)
            : (id, end);
    }

    /// <summary>
    /// The first entry's hash (the segment's id, hex) and the last entry's end offset (how far the data is chained),
    /// from one open of the chain; null when it has no entry.
    /// </summary>
    public static (string Id, long End)? ReadIdAndEnd(string chainPath) => ReadIdAndAcknowledgedEnd(chainPath, static () => null);
}
