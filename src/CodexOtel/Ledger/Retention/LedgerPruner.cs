using CodexOtel.Otlp;

namespace CodexOtel.Ledger.Retention;

/// <summary>A rotated segment retention removed, and the record its prune entry chains.</summary>
public sealed record PrunedSegment(LedgerSegment Segment, PruneRecord Record);

/// <summary>What a prune removed, and the segments it kept although due because they do not match their chain.</summary>
public sealed record PruneResult(List<PrunedSegment> Pruned, List<(LedgerSegment Segment, LedgerProblem Problem)> Kept);

/// <summary>
/// Retention: removes whole rotated segments, oldest first, that are older than <see cref="RetentionOptions.MaxAge"/>
/// or while the ledger holds more than <see cref="RetentionOptions.MaxBytes"/>. Never the active segment, and never one
/// still waiting to be compressed (the compressor may be reading it). For each segment, in this order, each step
/// durable before the next: a <see cref="PruneRecord"/> (name, entries, lines, last hash, time) in
/// <c>otel-{signal}.prunes</c>; a prune entry in the active chain that hashes it (through the ledger writer, after
/// everything appended before); the caller's clean-up (the index drops the segment's events); then the files go.
/// <c>verify</c> starts the chain after the removed segments from the last hash their records hold, and fails when a
/// record has no prune entry, or a segment was removed without a record. A prune cut short (a crash after its record)
/// is finished by the next one: its segment is due whatever the options say, its record is not written again, and its
/// prune entry is appended again (a second entry for the same record proves the same thing).
/// </summary>
public static class LedgerPruner
{
    /// <summary>
    /// The rotated segments that should go now, per signal oldest first: those a prune began and did not finish, then
    /// those the options name. <paramref name="consumed"/> says whether a segment's lines are no longer needed (serve:
    /// every consumer following its signal has read past it); a segment it keeps keeps those after it too.
    /// </summary>
    public static List<LedgerSegment> Due(string folder, RetentionOptions options, bool compressRotated, DateTime now, Func<LedgerSegment, bool>? consumed = null)
    {
        // Per signal, the segments that may go: only the oldest ones, so that what remains is one chain.
        var due = new List<LedgerSegment>();
        var candidates = SignalNames.All.Select(signal =>
        {
            var segments = LedgerSegment.List(folder, signal);
            var pruned = PrunedSegments.Read(folder, signal, segments);
            var begun = pruned.Records.Select(r => r.Record.Segment).ToHashSet(StringComparer.Ordinal);
            var queue = new Queue<LedgerSegment>(pruned.Remaining(segments)
                .TakeWhile(s => !s.IsActive && s.RotatedAt is not null && (s.IsCompressed || !compressRotated) && (consumed?.Invoke(s) ?? true)));
            while (queue.TryPeek(out var oldest) && begun.Contains(oldest.FileName))
            {
                due.Add(queue.Dequeue());
            }

            return queue;
        }).ToList();

        foreach (var queue in candidates)
        {
            while (options.MaxAge is { } age && queue.TryPeek(out var oldest) && now - oldest.RotatedAt!.Value > age)
            {
                due.Add(queue.Dequeue());
            }
        }

        if (options.MaxBytes is { } max)
        {
            var total = SignalNames.All.SelectMany(signal => LedgerSegment.List(folder, signal)).Except(due).Sum(Size);
            while (total > max && candidates.Where(q => q.Count > 0).MinBy(q => q.Peek().RotatedAt) is { } queue)
            {
                var oldest = queue.Dequeue();
                due.Add(oldest);
                total -= Size(oldest);
            }
        }

        return due;
    }

    /// <summary>
    /// Prunes what is <see cref="Due"/> (<paramref name="consumed"/>: as there; null: every segment); <paramref
    /// name="beforeRemoval"/> runs once a segment's prune entry is durable, before its files go.
    /// </summary>
    public static async Task<PruneResult> PruneAsync(
        LedgerWriter ledger,
        string folder,
        RetentionOptions options,
        bool compressRotated,
        DateTime now,
        Func<LedgerSegment, bool>? consumed,
        Func<LedgerSegment, CancellationToken, Task>? beforeRemoval,
        ILogger log,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var result = new PruneResult([], []);
        var previous = new Dictionary<Signal, byte[]>();
        var refused = new HashSet<Signal>();
        foreach (var segment in Due(folder, options, compressRotated, now, consumed))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (refused.Contains(segment.Signal))
            {
                continue;
            }

            // A segment that does not match its chain, or does not chain on from what went before, is evidence: keep it.
            var from = previous.TryGetValue(segment.Signal, out var hash)
                ? hash
                : PrunedSegments.Read(folder, segment.Signal, LedgerSegment.List(folder, segment.Signal)).LastHash;
            var chain = LedgerVerifier.ReadChain(segment.ChainPath, out var damage);
            var problem = damage is not null ? new LedgerProblem(segment.FileName, chain.Count + 1, "chain damaged", damage)
                : chain.Count == 0 ? new LedgerProblem(segment.FileName, 1, "empty", "its chain has no entry")
                : LedgerVerifier.VerifyRotated(folder, segment, from);
            if (problem is not null)
            {
                log.LogWarning(
                    "Not pruning {Segment} or anything after it: line {Line}: {Kind} — {Detail}. Run `codex-otel verify`",
                    segment.FileName, problem.Line, problem.Kind, problem.Detail);
                refused.Add(segment.Signal);
                result.Kept.Add((segment, problem));
                continue;
            }

            previous[segment.Signal] = chain[^1].Hash;

            // A prune cut short left its record: finish that one rather than write a second record for the segment.
            var records = PruneRecord.ReadAll(folder, segment.Signal);
            var begun = records.FindIndex(r => r.Record.Segment == segment.FileName);
            var (line, record) = begun >= 0 ? records[begun] : NewRecord(segment, chain, now);
            if (begun < 0)
            {
                PruneRecord.Append(folder, segment.Signal, line);
                DirectorySync.Flush(folder);
            }

            await ledger.AppendRecordAsync(segment.Signal, line).ConfigureAwait(false);
            if (beforeRemoval is not null)
            {
                await beforeRemoval(segment, cancellationToken).ConfigureAwait(false);
            }

            File.Delete(segment.DataPath);
            File.Delete(segment.ChainPath);
            DirectorySync.Flush(folder);
            log.LogInformation("Pruned {Segment}: {Lines} lines, rotated {Rotated:u}", segment.FileName, record.Lines, segment.RotatedAt);
            result.Pruned.Add(new PrunedSegment(segment, record));
        }

        return result;
    }

    private static (byte[] Line, PruneRecord Record) NewRecord(LedgerSegment segment, IReadOnlyList<LedgerVerifier.ChainEntry> chain, DateTime now)
    {
        var lines = chain.Where((entry, i) => entry.EndOffset > (i == 0 ? 0 : chain[i - 1].EndOffset)).LongCount();
        var record = new PruneRecord(now, segment.FileName, chain.Count, lines, Convert.ToHexStringLower(chain[^1].Hash));
        return (record.ToJsonLine(), record);
    }

    private static long Size(LedgerSegment segment) =>
        (File.Exists(segment.DataPath) ? new FileInfo(segment.DataPath).Length : 0) + (File.Exists(segment.ChainPath) ? new FileInfo(segment.ChainPath).Length : 0);
}
