using System.Buffers.Binary;
using System.Globalization;

namespace CodexOtel.Ledger;

/// <summary>
/// The tamper-evident chain kept beside each segment: one fixed-width entry per ledger line,
/// <c>{end offset: 16 hex} {SHA-256(previous hash ‖ line): 64 hex}\n</c>. The first line of the first segment chains
/// from 32 zero bytes; every later line, also across segments, from the line before it. Changing, inserting,
/// deleting or reordering any line breaks the chain from that line on. The end offset also marks how far the data
/// file is durable, which makes crash recovery read only the tail. A recovery entry has the same form but ends where
/// the entry before it does (no line does) and hashes a recovery record instead of a line (<see cref="RecoveryRecord"/>).
/// </summary>
public static class HashChain
{
    public const int HashBytes = 32;
    public const int EntryBytes = 16 + 1 + 64 + 1;

    public static byte[] Genesis => new byte[HashBytes];

    public static void WriteEntry(long endOffset, ReadOnlySpan<byte> hash, Span<byte> destination)
    {
        Span<byte> offsetBytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(offsetBytes, endOffset);
        Convert.TryToHexStringLower(offsetBytes, destination[..16], out _);
        destination[16] = (byte)' ';
        Convert.TryToHexStringLower(hash, destination.Slice(17, 64), out _);
        destination[EntryBytes - 1] = (byte)'\n';
    }

    public static bool TryReadEntry(ReadOnlySpan<byte> entry, out long endOffset, Span<byte> hash)
    {
        endOffset = 0;
        if (entry.Length != EntryBytes || entry[16] != (byte)' ' || entry[EntryBytes - 1] != (byte)'\n')
        {
            return false;
        }

        if (!long.TryParse(System.Text.Encoding.ASCII.GetString(entry[..16]), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out endOffset))
        {
            return false;
        }

        return Convert.FromHexString(entry.Slice(17, 64), hash, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == HashBytes;
    }
}
