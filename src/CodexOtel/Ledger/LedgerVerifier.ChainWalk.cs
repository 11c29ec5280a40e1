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
        private readonly List<(byte[] Line, PruneRecord Record)> _prunes;
        private readonly bool[] _pruneChained;
        private readonly int _removed; // prune records [0, _removed) name segments that are gone
        private readonly IReadOnlySet<long>? _positions;

        public ChainWalk(
            ChainHasher hasher,
            List<(byte[] Line, RecoveryRecord Record)> recoveries,
            List<(byte[] Line, PruneRecord Record)> prunes,
            IReadOnlyList<LedgerSegment> segments,
            bool recorderRunning,
            IReadOnlySet<long>? positions)
        {
            Hasher = hasher;
            RecorderRunning = recorderRunning;
            _recoveries = recoveries;
            _prunes = prunes;
            _pruneChained = new bool[prunes.Count];
            _positions = positions;
            var present = segments.Select(s => Path.GetFileName(s.ChainPath)).ToHashSet(StringComparer.Ordinal);
            _removed = prunes.FindLastIndex(p => !present.Contains(ChainNameOf(p.Record))) + 1;
            if (_removed > 0)
            {
                var last = prunes[_removed - 1].Record;
                Previous = Convert.FromHexString(last.LastHash);
                Entries = prunes.Take(_removed).Sum(p => p.Record.Entries);
                StartDescription = $"the last entry of {last.Segment}, which was pruned";
            }
        }

        public ChainHasher Hasher { get; }

        public bool RecorderRunning { get; }

        public byte[] Previous { get; private set; } = HashChain.Genesis;

        public string StartDescription { get; } = "the start of the chain";

        public long Lines { get; set; }

        public long Entries { get; private set; }

        public Dictionary<long, string> EntryHashes { get; } = [];

        public List<LedgerRecovery> Recoveries { get; } = [];

        /// <summary>Whether retention removed this segment (its files may linger when a prune was interrupted after its entry).</summary>
        public bool IsPruned(LedgerSegment segment) =>
            _prunes.Take(_removed).Any(p => ChainNameOf(p.Record) == Path.GetFileName(segment.ChainPath));

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
                var prune = recovery < 0 ? _prunes.FindIndex(p => Chains(p.Line, entry)) : -1;
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
            var unproven = Array.IndexOf(_pruneChained, false, 0, _removed);
            return unproven < 0
                ? null
                : new LedgerProblem(_prunes[unproven].Record.Segment, 1, "deleted",
                    $"{_prunes[unproven].Record.Segment} is gone and .prunes names it, but no prune entry in the chain holds that record: it was removed outside the recorder");
        }

        /// <summary>Every prune record, with the chain positions of the removed segments.</summary>
        public List<LedgerPrune> Prunes()
        {
            var result = new List<LedgerPrune>();
            var first = 1L;
            for (var i = 0; i < _prunes.Count; i++)
            {
                var record = _prunes[i].Record;
                var removed = i < _removed;
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

        private static string ChainNameOf(PruneRecord record) => Path.GetFileName(LedgerSegment.ChainPathOf(record.Segment));
    }
}
