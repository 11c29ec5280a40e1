using CodexOtel.Otlp;
using ZstdSharp;

namespace CodexOtel.Ledger;

/// <summary>
/// What <c>verify</c> found for one signal: the first problem, if any, and every recovery the chain records. A
/// recovery that was not a crash tail is itself a problem (the first one is <see cref="Problem"/> when nothing else is).
/// </summary>
public sealed record SignalVerification(Signal Signal, int Segments, long Lines, string HeadHash, LedgerProblem? Problem, IReadOnlyList<LedgerRecovery> Recoveries)
{
    public bool Ok => Problem is null;

    /// <summary>
    /// The chain head's position: how many chain entries (lines, recovery and prune entries) the signal's chain holds
    /// from its first line on, also those of pruned segments. An anchor names a state by this and the head's hash.
    /// </summary>
    public long Entries { get; init; }

    /// <summary>What retention removed (oldest first), as the prune records say and the chain proves.</summary>
    public IReadOnlyList<LedgerPrune> Prunes { get; init; } = [];

    /// <summary>The hash (hex) of each entry asked for by position that the walk reached before any problem.</summary>
    public IReadOnlyDictionary<long, string> EntryHashes { get; init; } = new Dictionary<long, string>();
}

/// <summary>The first line where the record and its chain disagree.</summary>
public sealed record LedgerProblem(string Segment, long Line, string Kind, string Detail);

/// <summary>A recovery entry of a segment's chain, after <paramref name="Line"/> lines of it, and its record.</summary>
public sealed record LedgerRecovery(string Segment, long Line, RecoveryRecord Record);

/// <summary>
/// Recomputes every signal's hash chain from the data and compares it with the stored chain, naming the first line
/// that was modified, inserted, deleted or reordered. A recovery entry (its end offset is the line before it's: no
/// line) chains a record from <c>otel-{signal}.recoveries</c> instead of a line; see <see cref="SegmentRecovery"/>. A
/// prune entry chains a record from <c>otel-{signal}.prunes</c> the same way; see <see cref="PruneRecord"/>.
/// </summary>
public static partial class LedgerVerifier
{
    /// <summary>The kind of a problem that is a recovery which was not a crash tail.</summary>
    public const string Recovered = "recovered";

    public static IReadOnlyList<SignalVerification> Verify(string dataDir, bool recorderRunning) =>
        SignalNames.All.Select(signal => Verify(dataDir, signal, recorderRunning)).ToList();

    /// <summary>Verifies one signal, reporting the hashes of the chain positions in <paramref name="positions"/> (1-based, as <see cref="SignalVerification.Entries"/> counts).</summary>
    public static SignalVerification Verify(string dataDir, Signal signal, bool recorderRunning, IReadOnlySet<long>? positions = null)
    {
        using var hasher = new ChainHasher();
        var all = LedgerSegment.List(dataDir, signal);
        var pruned = PrunedSegments.Read(dataDir, signal, all);
        var walk = new ChainWalk(hasher, RecoveryRecord.ReadAll(dataDir, signal), pruned, recorderRunning, positions);
        var segments = pruned.Remaining(all);
        LedgerProblem? problem = null;
        foreach (var segment in segments)
        {
            problem = VerifySegment(segment, walk, first: segment == segments[0]);
            if (problem is not null)
            {
                break;
            }
        }

        problem ??= walk.UnprovenPrune();
        problem ??= walk.Recoveries.FirstOrDefault(r => r.Record.IsEvidence) is { } evidence
            ? new LedgerProblem(evidence.Segment, evidence.Line + 1, Recovered, evidence.Record.Describe())
            : null;
        return new SignalVerification(signal, segments.Count, walk.Lines, Convert.ToHexStringLower(walk.Previous), problem, walk.Recoveries)
        {
            Entries = walk.Entries,
            EntryHashes = walk.EntryHashes,
            Prunes = walk.Prunes(),
        };
    }

    /// <summary>
    /// Whether one rotated segment matches its chain, chaining on from <paramref name="previous"/>: retention checks
    /// this before it removes a segment, so that a prune never hides a change or a segment removed before it.
    /// </summary>
    internal static LedgerProblem? VerifyRotated(string dataDir, LedgerSegment segment, byte[] previous)
    {
        using var hasher = new ChainHasher();
        var pruned = PrunedSegments.Read(dataDir, segment.Signal, LedgerSegment.List(dataDir, segment.Signal));
        var walk = new ChainWalk(hasher, RecoveryRecord.ReadAll(dataDir, segment.Signal), pruned, recorderRunning: false, positions: null, start: previous);
        return VerifySegment(segment, walk, first: true);
    }

    private static LedgerProblem? VerifySegment(LedgerSegment segment, ChainWalk walk, bool first)
    {
        var name = segment.FileName;
        if (!File.Exists(segment.ChainPath))
        {
            return new LedgerProblem(name, 1, "chain missing", $"{Path.GetFileName(segment.ChainPath)} is missing");
        }

        if (!File.Exists(segment.DataPath))
        {
            return new LedgerProblem(name, 1, "deleted", "the segment's data file is missing");
        }

        var chain = ReadChain(segment.ChainPath, out var chainDamage);
        if (chainDamage is not null)
        {
            return new LedgerProblem(name, chain.Count + 1, "chain damaged", chainDamage);
        }

        using var file = new FileStream(segment.DataPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
        using Stream data = segment.IsCompressed ? new DecompressionStream(file, leaveOpen: false) : file;
        using var reader = new LineReader(data);
        var next = reader.Next();
        var computed = new byte[HashChain.HashBytes];
        var index = 0;
        var lineEnd = 0L;
        var segmentLines = 0L;
        for (var number = 1L; next is { } line; number++)
        {
            if (walk.TakeRecoveries(name, chain, ref index, lineEnd, number - 1) is { } missing)
            {
                return missing;
            }

            if (index >= chain.Count)
            {
                if (segment.IsActive && walk.RecorderRunning)
                {
                    return null; // being written right now
                }

                return new LedgerProblem(name, number, "inserted", $"line {number} is past the end of the chain: added outside the recorder");
            }

            if (!line.Complete && !(segment.IsActive && walk.RecorderRunning))
            {
                return new LedgerProblem(name, number, "modified", $"line {number} does not end with a newline");
            }

            walk.Hasher.Next(walk.Previous, line.Bytes, computed);
            next = reader.Next();
            if (!computed.AsSpan().SequenceEqual(chain[index].Hash) || line.EndOffset != chain[index].EndOffset)
            {
                var found = Classify(name, number, line.Bytes, next?.Bytes, walk.Previous, chain, index, walk.Hasher);
                return first && index == 0 && found.Kind == "modified"
                    ? found with { Detail = $"line 1 does not continue the chain from {walk.StartDescription}: it was changed, or an older segment was removed without a prune entry" }
                    : found;
            }

            walk.Advance((byte[])computed.Clone());
            walk.Lines++;
            segmentLines++;
            lineEnd = line.EndOffset;
            index++;
        }

        if (walk.TakeRecoveries(name, chain, ref index, lineEnd, segmentLines) is { } unrecorded)
        {
            return unrecorded;
        }

        if (index < chain.Count)
        {
            var missing = chain.Count - index;
            return new LedgerProblem(name, segmentLines + 1, "deleted", $"line {segmentLines + 1} and {missing - 1} after it were deleted from the end");
        }

        return null;
    }

    private static LedgerProblem Classify(string name, long number, byte[] line, byte[]? following, byte[] previous, List<ChainEntry> chain, int index, ChainHasher hasher)
    {
        var hash = new byte[HashChain.HashBytes];
        bool Matches(byte[] candidate, byte[] from, int entry)
        {
            if (entry >= chain.Count)
            {
                return false;
            }

            hasher.Next(from, candidate, hash);
            return hash.AsSpan().SequenceEqual(chain[entry].Hash);
        }

        var followingFits = following is not null && Matches(following, previous, index);
        if (followingFits && Matches(line, chain[index].Hash, index + 1))
        {
            return new LedgerProblem(name, number, "reordered", $"lines {number} and {number + 1} were swapped");
        }

        if (followingFits)
        {
            return new LedgerProblem(name, number, "inserted", $"line {number} was inserted");
        }

        if (Matches(line, chain[index].Hash, index + 1))
        {
            return new LedgerProblem(name, number, "deleted", $"the line before line {number} was deleted");
        }

        return new LedgerProblem(name, number, "modified", $"line {number} differs from what was recorded");
    }

    internal sealed record ChainEntry(long EndOffset, byte[] Hash);

    internal static List<ChainEntry> ReadChain(string path, out string? damage)
    {
        var entries = new List<ChainEntry>();
        damage = null;
        var bytes = File.ReadAllBytes(path);
        for (var offset = 0; offset < bytes.Length; offset += HashChain.EntryBytes)
        {
            var hash = new byte[HashChain.HashBytes];
            if (offset + HashChain.EntryBytes > bytes.Length
                || !HashChain.TryReadEntry(bytes.AsSpan(offset, HashChain.EntryBytes), out var end, hash))
            {
                damage = $"chain entry {entries.Count + 1} is malformed";
                break;
            }

            entries.Add(new ChainEntry(end, hash));
        }

        return entries;
    }
}
