using CodexOtel.Otlp;

namespace CodexOtel.Ledger;

/// <summary>
/// The oldest segments of a signal that retention removed, as its prune records say: the chain of what remains
/// starts after them, from the last hash the newest such record holds (genesis when none was removed), at position
/// <see cref="Entries"/> + 1. A record whose segment is still there (a prune interrupted before or after its chain
/// entry) does not count as removed: that segment is read as part of the chain.
/// </summary>
internal sealed class PrunedSegments
{
    private PrunedSegments(List<(byte[] Line, PruneRecord Record)> records, int removed)
    {
        Records = records;
        Removed = removed;
        Entries = records.Take(removed).Sum(r => r.Record.Entries);
        LastHash = removed > 0 ? Convert.FromHexString(records[removed - 1].Record.LastHash) : HashChain.Genesis;
        _removedChains = records.Take(removed).Select(r => ChainNameOf(r.Record)).ToHashSet(StringComparer.Ordinal);
    }

    private readonly HashSet<string> _removedChains;

    /// <summary>Every prune record of the signal, oldest first, with its line's bytes.</summary>
    public List<(byte[] Line, PruneRecord Record)> Records { get; }

    /// <summary>How many of <see cref="Records"/> (from the first) name segments that are gone.</summary>
    public int Removed { get; }

    /// <summary>How many chain entries the removed segments held.</summary>
    public long Entries { get; }

    /// <summary>The hash the first remaining segment chains from.</summary>
    public byte[] LastHash { get; }

    public static PrunedSegments Read(string dataDir, Signal signal, IReadOnlyList<LedgerSegment> segments)
    {
        var records = PruneRecord.ReadAll(dataDir, signal);
        var present = segments.Select(s => Path.GetFileName(s.ChainPath)).ToHashSet(StringComparer.Ordinal);
        return new PrunedSegments(records, records.FindLastIndex(p => !present.Contains(ChainNameOf(p.Record))) + 1);
    }

    /// <summary>Whether retention removed this segment (its files may linger when a prune was cut short after its entry).</summary>
    public bool IsRemoved(LedgerSegment segment) => _removedChains.Contains(Path.GetFileName(segment.ChainPath));

    /// <summary>The segments that make up the chain now, oldest first.</summary>
    public List<LedgerSegment> Remaining(IReadOnlyList<LedgerSegment> segments) => segments.Where(s => !IsRemoved(s)).ToList();

    private static string ChainNameOf(PruneRecord record) => Path.GetFileName(LedgerSegment.ChainPathOf(record.Segment));
}
