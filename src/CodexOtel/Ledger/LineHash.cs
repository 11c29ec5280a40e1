using System.Buffers.Binary;
using System.IO.Hashing;

namespace CodexOtel.Ledger;

/// <summary>
/// XXH128 of a line (without its line end): how import names a line it reads, in its manifest and when it hands the
/// line's events to the indexer, which checks the line it reads back from the ledger against it. A cheap name for a
/// line, not a defence against anyone.
/// </summary>
public static class LineHash
{
    public static UInt128 Of(ReadOnlySpan<byte> line) => XxHash128.HashToUInt128(line);

    /// <summary>The hash of each line of ledger lines as appended (each ending in '\n').</summary>
    public static List<UInt128> OfLines(ReadOnlySpan<byte> lines)
    {
        var hashes = new List<UInt128>();
        while (lines.IndexOf((byte)'\n') is var end and >= 0)
        {
            hashes.Add(Of(lines[..end]));
            lines = lines[(end + 1)..];
        }

        return hashes;
    }

    /// <summary>The hash as stored: XXH128's canonical (big-endian) 16 bytes.</summary>
    public static byte[] Bytes(UInt128 hash)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, hash);
        return bytes;
    }
}
