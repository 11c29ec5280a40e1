using System.Formats.Tar;
using System.Text;

namespace CodexOtel.Ledger.Evidence;

/// <summary>What <c>verify --evidence</c> found: the checks that passed, and the first that did not.</summary>
public sealed record EvidenceVerification(IReadOnlyList<string> Passed, string? Failure, EvidenceManifest? Manifest)
{
    public bool Ok => Failure is null;
}

/// <summary>
/// Checks an evidence archive on its own, without the ledger: the manifest against its sum, every member against
/// the manifest (none missing, none added), each ledger line re-hashed from the chain entry before it into the next
/// entry it matches, in order, and the chain entries linked (consecutive positions, end offsets that fit the lines,
/// the last entry the manifest names). One byte changed anywhere in a member fails one of these.
/// </summary>
public static class EvidenceVerifier
{
    public static EvidenceVerification Verify(Stream archive)
    {
        var passed = new List<string>();
        EvidenceVerification Fail(string why, EvidenceManifest? manifest = null) => new(passed, why, manifest);

        Dictionary<string, byte[]> members;
        try
        {
            members = ReadMembers(archive, out var problem);
            if (problem is not null)
            {
                return Fail(problem);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException or IOException)
        {
            return Fail($"it is not a readable tar archive: {e.Message}");
        }

        if (!members.TryGetValue(EvidenceManifest.FileName, out var manifestBytes) || !members.TryGetValue(EvidenceManifest.SumFileName, out var sum))
        {
            return Fail($"it has no {EvidenceManifest.FileName} and {EvidenceManifest.SumFileName}: it is not an evidence archive");
        }

        if (!sum.AsSpan().SequenceEqual(EvidenceManifest.SumLine(manifestBytes)))
        {
            return Fail($"{EvidenceManifest.FileName} does not match {EvidenceManifest.SumFileName}: one of them was changed");
        }

        if (EvidenceManifest.TryParse(manifestBytes) is not { } manifest)
        {
            return Fail($"{EvidenceManifest.FileName} is not a manifest of format {EvidenceManifest.Format}");
        }

        foreach (var file in manifest.Files)
        {
            if (!members.TryGetValue(file.Name, out var content))
            {
                return Fail($"{file.Name} is in the manifest but not in the archive", manifest);
            }

            if (content.Length != file.Bytes || EvidenceFile.Sha256Hex(content) != file.Sha256)
            {
                return Fail($"{file.Name} does not match its SHA-256 in the manifest: it was changed", manifest);
            }
        }

        var listed = manifest.Files.Select(f => f.Name).Append(EvidenceManifest.FileName).Append(EvidenceManifest.SumFileName).ToHashSet(StringComparer.Ordinal);
        if (members.Keys.FirstOrDefault(name => !listed.Contains(name)) is { } extra)
        {
            return Fail($"{extra} is in the archive but not in the manifest: it was added", manifest);
        }

        passed.Add($"{EvidenceManifest.FileName} matches {EvidenceManifest.SumFileName}; its {manifest.Files.Count} files match their SHA-256 sums");
        var linesName = EvidenceArchive.LinesName(manifest.Signal);
        var chainName = EvidenceArchive.ChainName(manifest.Signal);
        if (!listed.Contains(linesName) || !listed.Contains(chainName))
        {
            return Fail($"the manifest lists no {linesName} or {chainName}", manifest);
        }

        var failure = CheckChain(manifest, members[linesName], members[chainName], linesName, chainName, passed);
        return new EvidenceVerification(passed, failure, manifest);
    }

    private static string? CheckChain(EvidenceManifest manifest, byte[] linesFile, byte[] chainFile, string linesName, string chainName, List<string> passed)
    {
        if (!TrySplit(chainFile, out var chainLines) || !TrySplit(linesFile, out var lines))
        {
            return $"{chainName} or {linesName} does not end with a newline";
        }

        var entries = new List<EvidenceChainEntry>();
        foreach (var text in chainLines)
        {
            if (EvidenceChainEntry.TryParse(Encoding.UTF8.GetString(text)) is not { } entry)
            {
                return $"{chainName} line {entries.Count + 1} is not a chain entry";
            }

            if (entries.Count > 0 && entry.Position != entries[^1].Position + 1)
            {
                return $"{chainName} line {entries.Count + 1} is entry {entry.Position}, not {entries[^1].Position + 1}: entries are missing or reordered";
            }

            if (entries.Count > 0 && entry.Segment == entries[^1].Segment && entry.EndOffset < entries[^1].EndOffset)
            {
                return $"{chainName} line {entries.Count + 1} ends before the entry before it in {entry.Segment}";
            }

            entries.Add(entry);
        }

        if (entries.Count < 2 || entries[0].Position != manifest.FromEntry || entries[^1].Position != manifest.ThroughEntry
            || Convert.ToHexStringLower(entries[^1].Hash) != manifest.ThroughHash)
        {
            return $"{chainName} does not run from entry {manifest.FromEntry} to entry {manifest.ThroughEntry} with the hash the manifest names";
        }

        if (lines.Count != manifest.Lines)
        {
            return $"{linesName} holds {lines.Count} lines, the manifest says {manifest.Lines}";
        }

        using var hasher = new ChainHasher();
        var hash = new byte[HashChain.HashBytes];
        var at = 0; // the entry the last line matched (0: the entry before the first line)
        for (var number = 1; number <= lines.Count; number++)
        {
            var line = lines[number - 1];
            var match = -1;
            for (var e = at + 1; e < entries.Count && match < 0; e++)
            {
                hasher.Next(entries[e - 1].Hash, line, hash);
                match = hash.AsSpan().SequenceEqual(entries[e].Hash) ? e : -1;
            }

            if (match < 0)
            {
                return $"{linesName} line {number} is not in the chain entries after entry {entries[at].Position}: it was changed, or lines were reordered";
            }

            var (before, entry) = (entries[match - 1], entries[match]);
            var start = before.Segment == entry.Segment ? before.EndOffset : 0;
            if (entry.EndOffset != start + line.Length + 1)
            {
                return $"{linesName} line {number} is {line.Length + 1} bytes, but chain entry {entry.Position} ends {entry.EndOffset - start} bytes after the entry before it";
            }

            at = match;
        }

        if (at != entries.Count - 1)
        {
            return $"{chainName} goes on past the last line's entry ({entries[at].Position}) to entry {entries[^1].Position}";
        }

        passed.Add($"{linesName}: {lines.Count} lines, each re-hashed from the entry before it into its chain entry, in order");
        passed.Add($"{chainName}: entries {manifest.FromEntry:N0}–{manifest.ThroughEntry:N0} consecutive, end offsets fit the lines; entry {manifest.ThroughEntry:N0} is {manifest.ThroughHash}");
        return null;
    }

    /// <summary>Every member by name; a problem when one is not a plain file or appears twice.</summary>
    private static Dictionary<string, byte[]> ReadMembers(Stream archive, out string? problem)
    {
        var members = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        problem = null;
        using var tar = new TarReader(archive, leaveOpen: true);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                problem = $"member {entry.Name} is not a plain file";
                return members;
            }

            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            if (!members.TryAdd(entry.Name, content.ToArray()))
            {
                problem = $"member {entry.Name} appears twice";
                return members;
            }
        }

        return members;
    }

    /// <summary>The lines of a file in which every line ends with a newline; false when the last does not.</summary>
    private static bool TrySplit(byte[] file, out List<byte[]> lines)
    {
        lines = [];
        var rest = file.AsSpan();
        while (rest.IndexOf((byte)'\n') is var end and >= 0)
        {
            lines.Add(rest[..end].ToArray());
            rest = rest[(end + 1)..];
        }

        return rest.IsEmpty;
    }
}
