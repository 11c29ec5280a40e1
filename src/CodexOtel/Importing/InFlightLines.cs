using CodexOtel.Ledger;

namespace CodexOtel.Importing;

/// <summary>
/// Makes the manifest agree with the ledger after an import died with a send in flight (see
/// <see cref="ImportManifest.WillSend"/>): the ledger lines written since, looked up by hash, tell which of that send's
/// collector lines the ledger holds, and the manifest records those as imported; the rest are imported again. The
/// ledger is the truth, and reading it only from where the send began keeps this short.
/// </summary>
internal static class InFlightLines
{
    /// <summary>What a ledger line that no in-flight line is written as is claimed as: its bytes are not kept.</summary>
    private static readonly SeenLine NotSent = new(null);

    /// <summary>Records the in-flight lines the ledger holds; returns how many it holds.</summary>
    public static int Reconcile(string dataDir, ImportManifest manifest)
    {
        if (manifest.Sending() is not { } sending)
        {
            return 0;
        }

        var sent = sending.Lines.Select(l => l.Ledger).ToHashSet();
        var found = new HashSet<UInt128>();
        foreach (var (signal, end) in sending.Ends)
        {
            var tailer = new LedgerTailer(dataDir, signal);
            var from = end;
            while (tailer.ReadNext(from, claim: line => LineHash.Of(line) is var hash && sent.Contains(hash) ? new SeenLine(hash) : NotSent) is { Lines.Count: > 0 } read)
            {
                foreach (var seen in read.Claims)
                {
                    if (seen?.Sent is { } hash)
                    {
                        found.Add(hash);
                    }
                }

                from = read.Lines[^1].After;
            }
        }

        var held = sending.Lines.Where(l => found.Contains(l.Ledger)).Select(l => l.Line).ToHashSet();
        manifest.AddLines(held);
        return held.Count;
    }

    /// <summary>A ledger line as this reads it: the hash of the in-flight line it is, if it is one.</summary>
    private sealed record SeenLine(UInt128? Sent);
}
