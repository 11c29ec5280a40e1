using CodexOtel.Otlp;
using ZstdSharp;

namespace CodexOtel.Ledger;

/// <summary>What <c>verify</c> found for one signal.</summary>
public sealed record SignalVerification(Signal Signal, int Segments, long Lines, string HeadHash, LedgerProblem? Problem)
{
    public bool Ok => Problem is null;
}

/// <summary>The first line where the record and its chain disagree.</summary>
public sealed record LedgerProblem(string Segment, long Line, string Kind, string Detail);

/// <summary>
/// Recomputes every signal's hash chain from the data and compares it with the stored chain, naming the first line
/// that was modified, inserted, deleted or reordered.
/// </summary>
public static class LedgerVerifier
{
    public static IReadOnlyList<SignalVerification> Verify(string dataDir, bool recorderRunning) =>
        SignalNames.All.Select(signal => Verify(dataDir, signal, recorderRunning)).ToList();

    public static SignalVerification Verify(string dataDir, Signal signal, bool recorderRunning)
    {
        using var hasher = new ChainHasher();
        var previous = HashChain.Genesis;
        var segments = LedgerSegment.List(dataDir, signal);
        var lines = 0L;
        foreach (var segment in segments)
        {
            var problem = VerifySegment(segment, hasher, ref previous, ref lines, recorderRunning);
            if (problem is not null)
            {
                return new SignalVerification(signal, segments.Count, lines, Convert.ToHexStringLower(previous), problem);
            }
        }

        return new SignalVerification(signal, segments.Count, lines, Convert.ToHexStringLower(previous), null);
    }

    private static LedgerProblem? VerifySegment(LedgerSegment segment, ChainHasher hasher, ref byte[] previous, ref long total, bool recorderRunning)
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
        var segmentLines = 0;
        for (var index = 0; next is { } line; index++)
        {
            var number = index + 1;
            if (index >= chain.Count)
            {
                if (segment.IsActive && recorderRunning)
                {
                    return null; // being written right now
                }

                return new LedgerProblem(name, number, "inserted", $"line {number} is past the end of the chain: added outside the recorder");
            }

            if (!line.Complete && !(segment.IsActive && recorderRunning))
            {
                return new LedgerProblem(name, number, "modified", $"line {number} does not end with a newline");
            }

            hasher.Next(previous, line.Bytes, computed);
            next = reader.Next();
            if (!computed.AsSpan().SequenceEqual(chain[index].Hash) || line.EndOffset != chain[index].EndOffset)
            {
                return Classify(name, number, line.Bytes, next?.Bytes, previous, chain, index, hasher);
            }

            previous = (byte[])computed.Clone();
            total++;
            segmentLines++;
        }

        if (segmentLines < chain.Count)
        {
            var missing = chain.Count - segmentLines;
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

    private sealed record ChainEntry(long EndOffset, byte[] Hash);

    private static List<ChainEntry> ReadChain(string path, out string? damage)
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
