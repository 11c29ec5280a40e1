using CodexOtel.Otlp;

namespace CodexOtel.Ledger.Evidence;

/// <summary>
/// Finds the lines of a signal's ledger that a selection wants, with the chain entries that prove them: the entry
/// before the first line (the hash it chains from) and every entry through the last line's. Those between belong to
/// lines not exported (other conversations' records stay out) and to recovery or prune entries; the archive keeps
/// their hashes, so each exported line is re-hashed from the entry just before it.
/// </summary>
public static class LedgerEvidence
{
    public static EvidenceChain Collect(string dataDir, Signal signal, Func<byte[], bool> wanted, CancellationToken cancellationToken)
    {
        var all = LedgerSegment.List(dataDir, signal);
        var pruned = PrunedSegments.Read(dataDir, signal, all);
        var segments = pruned.Remaining(all);

        // First pass: the wanted lines and their positions.
        var lines = new List<byte[]>();
        var positions = new List<long>();
        var segmentStart = pruned.Entries;
        foreach (var segment in segments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chain = ReadChain(segment);
            using var data = LedgerReader.OpenData(segment) ?? throw Damaged(segment, "its data file is missing");
            using var reader = new LineReader(data);
            var index = 0;
            while (reader.Next() is { Complete: true } line)
            {
                // Recovery and prune entries end where the line before did: they hold no line.
                while (index < chain.Count && chain[index].EndOffset < line.EndOffset)
                {
                    index++;
                }

                if (index == chain.Count)
                {
                    break; // written after the chain was read
                }

                if (chain[index].EndOffset != line.EndOffset)
                {
                    throw Damaged(segment, $"a line ends at byte {line.EndOffset}, where no chain entry does");
                }

                if (wanted(line.Bytes))
                {
                    lines.Add(line.Bytes);
                    positions.Add(segmentStart + index + 1);
                }

                index++;
            }

            segmentStart += chain.Count;
        }

        if (lines.Count == 0)
        {
            return new EvidenceChain(signal, [], []);
        }

        // Second pass, chain files only: the entries from the one before the first line through the last line's.
        var (first, last) = (positions[0] - 1, positions[^1]);
        var entries = new List<EvidenceChainEntry>();
        if (first == pruned.Entries)
        {
            entries.Add(new EvidenceChainEntry(first, pruned.LastHash, null, null));
        }

        segmentStart = pruned.Entries;
        foreach (var segment in segments)
        {
            var chain = ReadChain(segment);
            for (var i = (int)Math.Max(0, first - segmentStart - 1); i < chain.Count && segmentStart + i + 1 <= last; i++)
            {
                entries.Add(new EvidenceChainEntry(segmentStart + i + 1, chain[i].Hash, chain[i].EndOffset, segment.FileName));
            }

            segmentStart += chain.Count;
            if (segmentStart >= last)
            {
                break;
            }
        }

        return new EvidenceChain(signal, lines, entries);
    }

    private static List<LedgerVerifier.ChainEntry> ReadChain(LedgerSegment segment)
    {
        if (!File.Exists(segment.ChainPath))
        {
            throw Damaged(segment, "its chain file is missing");
        }

        var chain = LedgerVerifier.ReadChain(segment.ChainPath, out var damage);
        return damage is null ? chain : throw Damaged(segment, damage);
    }

    private static LedgerDamagedException Damaged(LedgerSegment segment, string what) =>
        new($"{segment.FileName} does not match its chain ({what}), so its lines cannot be proven. Run `codex-otel verify`.");
}
