using System.Globalization;
using System.Text;
using CodexOtel.Otlp;

namespace CodexOtel.Ledger.Evidence;

/// <summary>
/// One chain entry as an evidence archive holds it: its position in the signal's chain (from 1; 0 is the start),
/// the segment that held it and its end offset there (absent for the start of the chain or a pruned segment's last
/// entry), and its hash. In the archive: one line each, <c>{position} {hash} {end offset or -} {segment or -}</c>.
/// </summary>
public sealed record EvidenceChainEntry(long Position, byte[] Hash, long? EndOffset, string? Segment)
{
    public string ToLine() =>
        $"{Position.ToString(CultureInfo.InvariantCulture)} {Convert.ToHexStringLower(Hash)} {EndOffset?.ToString(CultureInfo.InvariantCulture) ?? "-"} {Segment ?? "-"}";

    /// <summary>A line as <see cref="ToLine"/> writes it; null when it is not one.</summary>
    public static EvidenceChainEntry? TryParse(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 4
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || parts[1].Length != HashChain.HashBytes * 2 || !parts[1].All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        long? end = null;
        if (parts[2] != "-")
        {
            if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return null;
            }

            end = offset;
        }

        if ((parts[3] == "-") != (end is null) || parts[3].Length == 0)
        {
            return null;
        }

        var entry = new EvidenceChainEntry(position, Convert.FromHexString(parts[1]), end, parts[3] == "-" ? null : parts[3]);
        return entry.ToLine() == line ? entry : null; // one spelling only: nothing in the file is free to change
    }
}

/// <summary>The ledger lines an evidence archive holds and the chain entries that prove them.</summary>
public sealed record EvidenceChain(Signal Signal, IReadOnlyList<byte[]> Lines, IReadOnlyList<EvidenceChainEntry> Entries)
{
    /// <summary>The lines as the ledger holds them, each ending in a newline.</summary>
    public byte[] LinesFile()
    {
        using var buffer = new MemoryStream();
        foreach (var line in Lines)
        {
            buffer.Write(line);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    public byte[] ChainFile() => Encoding.UTF8.GetBytes(string.Concat(Entries.Select(e => e.ToLine() + "\n")));
}
