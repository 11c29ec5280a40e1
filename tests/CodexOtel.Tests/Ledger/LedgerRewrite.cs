using System.Text;
using CodexOtel.Ledger;
using CodexOtel.Otlp;

namespace CodexOtel.Tests.Ledger;

/// <summary>What someone with the user's account can do: rewrite the active logs segment and re-compute its chain so the two agree.</summary>
internal static class LedgerRewrite
{
    public static void RewriteConsistently(string folder, Action<List<string>> edit)
    {
        var segment = LedgerSegment.Active(folder, Signal.Logs);
        var lines = File.ReadAllLines(segment.DataPath).ToList();
        edit(lines);
        var previous = HashChain.Genesis;
        var offset = 0L;
        var chain = new List<byte>();
        var data = new List<byte>();
        using var hasher = new ChainHasher();
        foreach (var line in lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            var hash = new byte[HashChain.HashBytes];
            hasher.Next(previous, bytes, hash);
            offset += bytes.Length + 1;
            var entry = new byte[HashChain.EntryBytes];
            HashChain.WriteEntry(offset, hash, entry);
            chain.AddRange(entry);
            data.AddRange(bytes);
            data.Add((byte)'\n');
            previous = hash;
        }

        File.WriteAllBytes(segment.DataPath, [.. data]);
        File.WriteAllBytes(segment.ChainPath, [.. chain]);
    }
}
