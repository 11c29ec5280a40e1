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
    /// The first entry's hash (the segment's id, hex) and the last entry's end offset (how far the data is durable),
    /// from one open of the chain; null when it has no entry.
    /// </summary>
    public static (string Id, long DurableEnd)? ReadIdAndEnd(string chainPath)
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
        var count = EntryCount(chain.Length);
        var hash = new byte[HashChain.HashBytes];
        if (count == 0 || !TryRead(chain, 0, out var end, hash))
        {
            return null;
        }

        var id = Convert.ToHexStringLower(hash);
        return count == 1 || TryRead(chain, count - 1, out end, hash) ? (id, end) : null;
    }
}
