using System.Buffers;
using System.Security.Cryptography;
using CodexOtel.Otlp;

namespace CodexOtel.Ledger;

// What a crash can leave, and what only tampering or disk damage can.
//
// SignalWriter appends a group's lines to the data file, then their entries to the chain file, then (syncer thread)
// fsyncs data and chain concurrently, then writes the acknowledged mark (AcknowledgedMark: chain length, end offset
// and hash of the last synced entry), and only then answers the clients. So, for the active segment:
//   - every acknowledged line is complete in the data file, has its entry in the chain file, and lies at or below
//     the mark (the mark is written before the answer; a killed process leaves it in the page cache, and a power loss
//     can only leave an older, lower one);
//   - what was written after the last sync may be on disk in any part: data past the last chain entry (whole lines
//     or a torn last line without '\n'), a partial chain entry, or chain entries past the end of the data (the chain
//     reached the disk, the data did not).
// All of that lies past the mark, so a crash never leaves the files with fewer chained lines than the mark, nor a
// different entry where the mark's last one was. Those — a chain cut short or emptied, a data file missing its
// acknowledged last lines, a rewritten chain — only tampering or disk damage produce. And without a mark (a folder an
// older version wrote, or a removed mark) nothing proves any cut byte unacknowledged.
//
// Recovery therefore never deletes. It cuts data and chain back to the last entry whose line is in the data file,
// copies what it cut into quarantine files beside the segment (otel-{signal}.quarantine-{time}.lines and .chain,
// 0600; no reader, tailer, compressor or importer picks those names up), writes a RecoveryRecord of what it did
// (kind, byte counts, SHA-256 and name of each quarantine file, time) to otel-{signal}.recoveries, and chains that
// record: a recovery entry whose end offset equals the line before it (a line always moves the offset, so it cannot
// be a line) and whose hash is SHA-256(previous ‖ record). The data file stays pure collector JSONL, readers that go
// by end offsets see no new line, and verify reports each recovery: a crash tail as information, anything else as
// a failure that names the segment and the quarantine files. A crash tail is usually a few kilobytes, so copying it
// aside costs start-up little; a clean start reads one chain entry and the mark, as before.

/// <summary>
/// Brings a signal's files to a consistent state after a crash, reading only their tails: finishes an interrupted
/// rotation or compression, and cuts data and chain back to the last line both hold, keeping what it cuts in
/// quarantine and recording each recovery in the chain (see the comment above).
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
                // The crash fell between renaming the chain and renaming the data. The mark was reset before the
                // renames; should it not have been, it describes the segment that moved, not the next one.
                File.Move(active.DataPath, data);
                File.Delete(AcknowledgedMark.PathOf(folder, signal));
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
    public static ActiveSegmentState RecoverActive(FileStream data, FileStream chain, AcknowledgedMark mark, byte[] previousHash, string folder, Signal signal, ILogger log)
    {
        // Walk back over entries that are malformed or point past the data.
        var kept = ChainFile.EntryCount(chain.Length);
        var hash = new byte[HashChain.HashBytes];
        long keptEnd = 0;
        var lastHash = previousHash;
        for (; kept > 0; kept--)
        {
            if (ChainFile.TryRead(chain, kept - 1, out keptEnd, hash) && keptEnd <= data.Length)
            {
                lastHash = hash;
                break;
            }

            keptEnd = 0;
        }

        var state = new ActiveSegmentState(keptEnd, kept * HashChain.EntryBytes, lastHash);
        var acknowledged = mark.Read();
        var cut = keptEnd < data.Length || state.ChainLength < chain.Length;
        var kind = acknowledged switch
        {
            null => cut ? RecoveryRecord.Unproven : null,
            _ when acknowledged.ChainLength > state.ChainLength => RecoveryRecord.AcknowledgedLinesMissing,
            _ when !HoldsEntry(chain, acknowledged) => RecoveryRecord.AcknowledgedEntryChanged,
            _ => cut ? RecoveryRecord.CrashTail : null,
        };

        if (kind is not null)
        {
            state = Quarantine(data, chain, state, kind, acknowledged, folder, signal, log);
        }

        if (acknowledged is null || !acknowledged.SameAs(state))
        {
            mark.Write(state, sync: true);
            DirectorySync.Flush(folder);
        }

        return state;
    }

    /// <summary>Whether the chain still holds the entry the mark acknowledged last.</summary>
    private static bool HoldsEntry(FileStream chain, ActiveSegmentState acknowledged)
    {
        if (acknowledged.ChainLength == 0)
        {
            return true;
        }

        var hash = new byte[HashChain.HashBytes];
        return acknowledged.ChainLength % HashChain.EntryBytes == 0
            && ChainFile.TryRead(chain, (acknowledged.ChainLength / HashChain.EntryBytes) - 1, out var end, hash)
            && end == acknowledged.DataLength
            && hash.AsSpan().SequenceEqual(acknowledged.LastHash);
    }

    /// <summary>
    /// Moves what lies past <paramref name="state"/> into quarantine files, records why, chains the record and cuts
    /// the files back; returns the state after the recovery entry. Each step is durable before the next, so a crash
    /// in between at worst quarantines the same bytes twice.
    /// </summary>
    private static ActiveSegmentState Quarantine(
        FileStream data, FileStream chain, ActiveSegmentState state, string kind, ActiveSegmentState? acknowledged, string folder, Signal signal, ILogger log)
    {
        var stem = $"otel-{signal.FileStem()}.quarantine-";
        var time = DateTime.UtcNow;
        while (File.Exists(Path.Combine(folder, $"{stem}{LedgerSegment.FileTime(time)}.lines"))
            || File.Exists(Path.Combine(folder, $"{stem}{LedgerSegment.FileTime(time)}.chain")))
        {
            time = time.AddMilliseconds(1);
        }

        var name = stem + LedgerSegment.FileTime(time);
        var record = new RecoveryRecord(
            time,
            LedgerSegment.ActiveDataName(signal),
            kind,
            acknowledged?.ChainLength / HashChain.EntryBytes,
            state.ChainLength / HashChain.EntryBytes,
            CopyTail(data, state.DataLength, folder, name + ".lines"),
            CopyTail(chain, state.ChainLength, folder, name + ".chain"));
        var line = record.ToJsonLine();
        RecoveryRecord.Append(folder, signal, line);
        DirectorySync.Flush(folder);

        var entryHash = new byte[HashChain.HashBytes];
        using (var hasher = new ChainHasher())
        {
            hasher.Next(state.LastHash, line, entryHash);
        }

        var entry = new byte[HashChain.EntryBytes];
        HashChain.WriteEntry(state.DataLength, entryHash, entry);
        RandomAccess.Write(chain.SafeFileHandle, entry, state.ChainLength);
        chain.SetLength(state.ChainLength + HashChain.EntryBytes);
        chain.Flush(flushToDisk: true);
        data.SetLength(state.DataLength);
        data.Flush(flushToDisk: true);

        var description = $"{record.Segment}: {record.Describe()}";
        if (record.IsEvidence)
        {
            log.LogWarning("{Recovery}. Nothing was deleted; run `codex-otel verify` and look at the quarantined files before removing anything", description);
        }
        else
        {
            log.LogWarning("{Recovery}; `codex-otel verify` lists it", description);
        }

        return new ActiveSegmentState(state.DataLength, state.ChainLength + HashChain.EntryBytes, entryHash);
    }

    /// <summary>Copies a file's bytes from <paramref name="from"/> on into a new private file (synced); none when there are none.</summary>
    private static QuarantinedBytes CopyTail(FileStream source, long from, string folder, string name)
    {
        var length = source.Length - from;
        if (length <= 0)
        {
            return QuarantinedBytes.None;
        }

        using var target = new FileStream(Path.Combine(folder, name), DataDirectory.PrivateFile(FileMode.CreateNew, FileAccess.Write));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (var offset = from; offset < source.Length;)
            {
                var read = RandomAccess.Read(source.SafeFileHandle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, source.Length - offset)), offset);
                if (read == 0)
                {
                    throw new IOException($"{Path.GetFileName(source.Name)} shrank while it was being quarantined");
                }

                target.Write(buffer, 0, read);
                sha.AppendData(buffer, 0, read);
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        target.Flush(flushToDisk: true);
        return new QuarantinedBytes(length, Convert.ToHexStringLower(sha.GetHashAndReset()), name);
    }
}

/// <summary>Where the active segment's next line goes, and the hash it chains from.</summary>
internal sealed record ActiveSegmentState(long DataLength, long ChainLength, byte[] LastHash)
{
    public bool SameAs(ActiveSegmentState other) =>
        DataLength == other.DataLength && ChainLength == other.ChainLength && LastHash.AsSpan().SequenceEqual(other.LastHash);
}
