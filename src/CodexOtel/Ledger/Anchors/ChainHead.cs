using CodexOtel.Otlp;

namespace CodexOtel.Ledger.Anchors;

/// <summary>
/// Where a signal's hash chain ends: how many entries it holds from its first line on (lines, recovery and prune
/// entries, also those of pruned segments) and the hash of the last one (all zeros for an empty chain).
/// </summary>
public sealed record ChainHead(Signal Signal, long Entries, string Hash)
{
    /// <summary>The chain heads of every signal as the chain files say now: what the recorder has acknowledged.</summary>
    public static IReadOnlyList<ChainHead> ReadAll(string dataDir) => SignalNames.All.Select(signal => Read(dataDir, signal)).ToList();

    /// <summary>
    /// Reads only the chain files, not the data (<c>verify</c> checks those). Of the active segment it takes what the
    /// acknowledged mark covers, so a recorder writing now never gets an entry anchored that a crash could still cut.
    /// </summary>
    public static ChainHead Read(string dataDir, Signal signal)
    {
        // A rotation between listing and reading moves files: read again until the listing held still.
        for (var attempt = 0; ; attempt++)
        {
            var segments = LedgerSegment.List(dataDir, signal);
            var head = Read(dataDir, signal, segments);
            if (attempt == 2 || LedgerSegment.List(dataDir, signal).SequenceEqual(segments))
            {
                return head;
            }
        }
    }

    private static ChainHead Read(string dataDir, Signal signal, IReadOnlyList<LedgerSegment> segments)
    {
        var pruned = PrunedSegments.Read(dataDir, signal, segments);
        var entries = pruned.Entries;
        var hash = pruned.LastHash;
        foreach (var segment in pruned.Remaining(segments))
        {
            if (!File.Exists(segment.ChainPath))
            {
                continue;
            }

            using var chain = new FileStream(segment.ChainPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
            var count = ChainFile.EntryCount(chain.Length);
            if (segment.IsActive && AcknowledgedMark.ReadFile(dataDir, signal) is { } mark && mark.ChainLength / HashChain.EntryBytes <= count)
            {
                count = mark.ChainLength / HashChain.EntryBytes;
            }

            var last = new byte[HashChain.HashBytes];
            if (count > 0 && ChainFile.TryRead(chain, count - 1, out _, last))
            {
                hash = last;
                entries += count;
            }
        }

        return new ChainHead(signal, entries, Convert.ToHexStringLower(hash));
    }
}
