using CodexOtel.Otlp;

namespace CodexOtel.Ledger;

/// <summary>
/// Brings a signal's files to a consistent state after a crash, reading only their tails: finishes an interrupted
/// rotation or compression, and cuts data and chain back to the last line both hold. A line is acknowledged only once
/// data and chain are synced, so whatever is cut was never acknowledged: its client retries it.
/// </summary>
internal static class SegmentRecovery
{
    public static void FinishInterruptedRotations(string folder, Signal signal, ILogger log)
    {
        foreach (var tmp in Directory.EnumerateFiles(folder, $"otel-{signal.FileStem()}-*.zst.tmp"))
        {
            File.Delete(tmp);
        }

        var active = LedgerSegment.Active(folder, signal);
        foreach (var chain in Directory.EnumerateFiles(folder, $"otel-{signal.FileStem()}-*.jsonl.chain"))
        {
            var data = chain[..^".chain".Length];
            var hasData = File.Exists(data) || File.Exists(data + ".zst");
            if (!hasData && !File.Exists(active.ChainPath) && File.Exists(active.DataPath))
            {
                // The crash fell between renaming the chain and renaming the data.
                File.Move(active.DataPath, data);
                log.LogWarning("Finished an interrupted rotation of {Segment}", Path.GetFileName(data));
            }

            if (File.Exists(data) && File.Exists(data + ".zst"))
            {
                // The compressed copy is renamed into place only once synced, so it is complete.
                File.Delete(data);
            }
        }

        DirectorySync.Flush(folder);
    }

    /// <summary>Repairs the active segment and returns where appending continues.</summary>
    public static ActiveSegmentState RecoverActive(FileStream data, FileStream chain, byte[] previousHash, long maxCut, ILogger log, string name)
    {
        var entries = ChainFile.EntryCount(chain.Length);
        var hash = new byte[HashChain.HashBytes];
        long endOffset = 0;
        var lastHash = previousHash;

        // Walk back over entries that are malformed or point past the data (chain synced before data).
        var dropped = 0L;
        while (entries > 0)
        {
            if (ChainFile.TryRead(chain, entries - 1, out endOffset, hash) && endOffset <= data.Length)
            {
                lastHash = (byte[])hash.Clone();
                break;
            }

            entries--;
            dropped++;
            endOffset = 0;
        }

        if (data.Length - endOffset > maxCut)
        {
            // More than one interrupted group commit could leave: the chain was damaged or removed. Cutting would
            // destroy the record, so refuse and let a person look.
            throw new LedgerDamagedException(
                $"{name} holds {data.Length - endOffset} bytes beyond its hash chain, more than a crash can leave. "
                + "Run `codex-otel verify` to see what changed; move the file and its .chain aside to start a fresh segment.");
        }

        chain.SetLength(entries * HashChain.EntryBytes);
        if (endOffset < data.Length)
        {
            // Bytes past the last chained line were never acknowledged (or were not written by the recorder):
            // keeping them would let anything appended while the recorder was down into the chain.
            log.LogWarning("{Segment}: cut {Bytes} bytes after the last chained line (a write interrupted by a crash)", name, data.Length - endOffset);
            data.SetLength(endOffset);
        }

        if (dropped > 0)
        {
            log.LogWarning("{Segment}: dropped {Dropped} chain entries whose data never reached the disk", name, dropped);
        }

        data.Flush(true);
        chain.Flush(true);
        return new ActiveSegmentState(endOffset, chain.Length, lastHash);
    }
}

/// <summary>Where the active segment's next line goes, and the hash it chains from.</summary>
internal sealed record ActiveSegmentState(long DataLength, long ChainLength, byte[] LastHash);
