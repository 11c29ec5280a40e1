using CodexOtel.Otlp;

namespace CodexOtel.Ledger.Anchors;

/// <summary>What became of one anchored chain head: still in the chain, in a segment retention pruned, or gone.</summary>
public enum AnchorStatus
{
    Held,
    Pruned,
    Failed,
}

/// <summary>One anchored head checked against the ledger.</summary>
public sealed record AnchorFinding(Signal Signal, long Entries, AnchorStatus Status, string Detail);

/// <summary>One line of an anchors file and what was found for each of its heads (none when the line is not an anchor).</summary>
public sealed record AnchorResult(int Line, ChainAnchor? Anchor, IReadOnlyList<AnchorFinding> Findings)
{
    public bool Ok => Anchor is not null && Findings.All(f => f.Status != AnchorStatus.Failed);
}

/// <summary>
/// <c>verify --anchors</c>: proves the ledger still holds every anchored state — the chain entry at each anchored
/// position still has the anchored hash. A ledger rewritten with its chain re-computed passes the chain check of
/// <c>verify</c>, but not this: the anchored hashes were made from the lines as they were.
/// </summary>
public static class AnchorCheck
{
    /// <summary>The anchors of an anchors file (line number, anchor or null when the line is not one); blank lines skipped.</summary>
    public static List<(int Line, ChainAnchor? Anchor)> ReadFile(string path) =>
        File.ReadLines(path)
            .Select((text, index) => (Line: index + 1, Text: text))
            .Where(line => !string.IsNullOrWhiteSpace(line.Text))
            .Select(line => (line.Line, ChainAnchor.TryParse(line.Text)))
            .ToList();

    /// <summary>The chain positions each signal's verification must report the hashes of.</summary>
    public static IReadOnlySet<long> Positions(IEnumerable<(int Line, ChainAnchor? Anchor)> anchors, Signal signal) =>
        anchors.SelectMany(a => a.Anchor?.Heads ?? []).Where(h => h.Signal == signal).Select(h => h.Entries).ToHashSet();

    public static IReadOnlyList<AnchorResult> Check(IEnumerable<(int Line, ChainAnchor? Anchor)> anchors, IReadOnlyList<SignalVerification> verifications) =>
        anchors.Select(a => new AnchorResult(
                a.Line,
                a.Anchor,
                a.Anchor?.Heads.Select(head => Check(head, verifications.Single(v => v.Signal == head.Signal))).ToList() ?? []))
            .ToList();

    private static AnchorFinding Check(ChainHead head, SignalVerification ledger)
    {
        AnchorFinding Found(AnchorStatus status, string detail) => new(head.Signal, head.Entries, status, detail);
        var n = head.Entries;
        if (n == 0)
        {
            return Found(AnchorStatus.Held, "nothing was recorded yet");
        }

        if (ledger.Prunes.FirstOrDefault(p => p.FirstEntry <= n && n <= p.LastEntry) is { } prune)
        {
            return n == prune.LastEntry && prune.Record.LastHash != head.Hash
                ? Found(AnchorStatus.Failed, $"entry {n:N0} was the last of {prune.Record.Segment}, pruned with hash {prune.Record.LastHash[..16]}…, but the anchor holds {head.Hash[..16]}…: the ledger was rewritten after it was anchored")
                : Found(AnchorStatus.Pruned, $"entry {n:N0} was in {prune.Record.Segment}, which retention pruned at {prune.Record.Time.UtcDateTime:u}");
        }

        if (ledger.EntryHashes.TryGetValue(n, out var hash))
        {
            return hash == head.Hash
                ? Found(AnchorStatus.Held, $"entry {n:N0} still has hash {hash[..16]}…")
                : Found(AnchorStatus.Failed, $"chain entry {n:N0} is now {hash[..16]}…, the anchor holds {head.Hash[..16]}…: the ledger was rewritten after it was anchored");
        }

        if (ledger.Ok && n > ledger.Entries)
        {
            return Found(AnchorStatus.Failed, $"the chain holds {ledger.Entries:N0} entries, the anchor names entry {n:N0}: anchored entries were removed");
        }

        return Found(AnchorStatus.Failed, $"entry {n:N0} cannot be checked: the ledger does not match its chain before it");
    }
}
