namespace CodexOtel.Ledger;

/// <summary>A prune the chain records, and which chain positions the pruned segment held (from 1 on).</summary>
public sealed record LedgerPrune(PruneRecord Record, long FirstEntry, long LastEntry, bool Chained, bool FilesRemain);

public static partial class LedgerVerifier
{
    /// <summary>
    /// Where the walk along a signal's chain is, and what it has found. The walk starts after the segments retention
    /// pruned: from the last hash the newest prune record of a removed segment holds (genesis when none was pruned),
    /// counting their entries. Each such record must be chained by a prune entry further on, so pruning cannot be
    /// faked by deleting a segment and writing a record; a segment removed without a record breaks the chain at the
    /// next one's first line.
    /// </summary>
    private sealed class ChainWalk
    {
        private readonly List<(byte[] Line, RecoveryRecord Record)> _recoveries;
        private readonly PrunedSegments _pruned;
        private readonly bool[] _pruneChained;
        private readonly IReadOnlySet<long>? _positions;

        public ChainWalk(
            ChainHasher hasher,
            List<(byte[] Line, RecoveryRecord Record)> recoveries,
            PrunedSegments pruned,
            bool recorderRunning,
            IReadOnlySet<long>? positions,
            byte[]? start = null)
        {
            Hasher = hasher;
            RecorderRunning = recorderRunning;
            _recoveries = recoveries;
            _pruned = pruned;
            _pruneChained = new bool[pruned.Records.Count];
            _positions = positions;
            Previous = start ?? pruned.LastHash;
            Entries = pruned.Entries;
            if (start is not null)
            {
                StartDescription = "the segment before it";
            }
            else if (pruned.Removed > 0)
            {
                StartDescription = $"the last entry of {pruned.Records[pruned.Removed - 1].Record.Segment}, which was pruned";
            }
        }

        public ChainHasher Hasher { get; }

        public bool RecorderRunning { get; }

        public byte[] Previous { get; private set; }

        public string StartDescription { get; } = "the start of the chain";

        public long Lines { get; set; }

        public long Entries { get; private set; }

        public Dictionary<long, string> EntryHashes { get; } = [];

        public List<LedgerRecovery> Recoveries { get; } = [];

        /// <summary>Moves past one chain entry whose hash checked out.</summary>
        public void Advance(byte[] hash)
        {
            Previous = hash;
            Entries++;
            if (_positions is not null && _positions.Contains(Entries))
            {
                EntryHashes[Entries] = Convert.ToHexStringLower(hash);
            }
        }

        /// <summary>
        /// Takes the entries at <paramref name="index"/> that end where the last line did (recovery and prune entries);
        /// a problem when one has no record.
        /// </summary>
        public LedgerProblem? TakeRecoveries(string segment, List<ChainEntry> chain, ref int index, long lineEnd, long lineNumber)
        {
            for (; index < chain.Count && chain[index].EndOffset == lineEnd; index++)
            {
                var entry = chain[index];
                var recovery = _recoveries.FindIndex(r => Chains(r.Line, entry));
                var prune = recovery < 0 ? _pruned.Records.FindIndex(p => Chains(p.Line, entry)) : -1;
                if (recovery < 0 && prune < 0)
                {
                    return new LedgerProblem(segment, lineNumber + 1, "record missing",
                        $"chain entry {index + 1} records a recovery or prune after line {lineNumber}, but no record in the .recoveries or .prunes file matches it (removed or changed)");
                }

                if (recovery >= 0)
                {
                    Recoveries.Add(new LedgerRecovery(segment, lineNumber, _recoveries[recovery].Record));
                }
                else
                {
                    _pruneChained[prune] = true;
                }

                Advance(entry.Hash);
            }

            return null;
        }

        /// <summary>The first removed segment whose prune record no prune entry chains: removed outside the recorder.</summary>
        public LedgerProblem? UnprovenPrune()
        {
            var unproven = Array.IndexOf(_pruneChained, false, 0, _pruned.Removed);
            return unproven < 0
                ? null
                : new LedgerProblem(_pruned.Records[unproven].Record.Segment, 1, "deleted",
                    $"{_pruned.Records[unproven].Record.Segment} is gone and .prunes names it, but no prune entry in the chain holds that record: it was removed outside the recorder");
        }

        /// <summary>Every prune record, with the chain positions of the removed segments.</summary>
        public List<LedgerPrune> Prunes()
        {
            var result = new List<LedgerPrune>();
            var first = 1L;
            for (var i = 0; i < _pruned.Records.Count; i++)
            {
                var record = _pruned.Records[i].Record;
                var removed = i < _pruned.Removed;
                result.Add(new LedgerPrune(record, removed ? first : 0, removed ? first + record.Entries - 1 : -1, _pruneChained[i], !removed));
                first += removed ? record.Entries : 0;
            }

            return result;
        }

        private bool Chains(byte[] line, ChainEntry entry)
        {
            Span<byte> hash = stackalloc byte[HashChain.HashBytes];
            Hasher.Next(Previous, line, hash);
            return hash.SequenceEqual(entry.Hash);
        }

    }
}
