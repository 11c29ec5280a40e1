using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Ledger;

public sealed class LedgerTailerTests
{
    [Fact]
    public async Task A_tailer_resumes_from_its_checkpoint_across_rotation_and_compression_seeing_each_line_once()
    {
        using var dir = new TempDirectory("tailer");
        var options = new LedgerOptions { MaxSegmentBytes = 3_000 };
        var tailer = new LedgerTailer(dir.Path, Signal.Logs);
        var seen = new List<string>();
        LedgerCheckpoint? checkpoint = null;

        await using (var ledger = LedgerTestData.Open(dir.Path, options))
        {
            for (var round = 0; round < 6; round++)
            {
                await LedgerTestData.AppendAsync(ledger, round * 7, 7, options);
                await LedgerTestData.WaitForCompressionAsync(dir.Path);
                foreach (var line in tailer.ReadNext(checkpoint, maxBytes: 1_000))
                {
                    seen.Add(System.Text.Encoding.UTF8.GetString(line.Bytes));
                    checkpoint = line.After;
                }
            }
        }

        while (tailer.ReadNext(checkpoint) is { Count: > 0 } rest)
        {
            seen.AddRange(rest.Select(l => System.Text.Encoding.UTF8.GetString(l.Bytes)));
            checkpoint = rest[^1].After;
        }

        Assert.True(Directory.GetFiles(dir.Path, "*.zst").Length >= 2, "the test should cross compressed segments");
        Assert.Equal(LedgerTestData.Lines(dir.Path), seen);
        Assert.Empty(tailer.ReadNext(checkpoint));
    }

    [Fact]
    public async Task A_tailer_sees_no_line_of_the_active_segment_past_what_the_recorder_acknowledged()
    {
        using var dir = new TempDirectory("tailer");
        await LedgerTestData.WriteAsync(dir.Path, 3);
        var mark = AcknowledgedMark.PathOf(dir.Path, Signal.Logs);
        var acknowledgedThree = File.ReadAllBytes(mark);

        // Two more lines written and chained, their sync not yet acknowledged: as the writer leaves a group between
        // writing it and the fsync that acknowledges it (and cuts it back, should that fail).
        await LedgerTestData.WriteAsync(dir.Path, 2);
        File.WriteAllBytes(mark, acknowledgedThree);

        var tailer = new LedgerTailer(dir.Path, Signal.Logs);
        var seen = tailer.ReadNext(null);
        Assert.Equal(LedgerTestData.Lines(dir.Path)[..3], seen.Select(l => System.Text.Encoding.UTF8.GetString(l.Bytes)));
        Assert.Equal(seen[^1].After, tailer.End());

        File.Delete(mark); // a ledger from before the mark: the chain's end
        var rest = tailer.ReadNext(seen[^1].After);
        Assert.Equal(2, rest.Count);
        Assert.Equal(rest[^1].After, tailer.End());
    }

    [Fact]
    public async Task While_rotation_resets_the_mark_the_synced_segment_stays_readable_and_a_new_one_shows_nothing_unacknowledged()
    {
        using var dir = new TempDirectory("tailer");
        await LedgerTestData.WriteAsync(dir.Path, 5);
        var lastHash = ChainFile.ReadEntry(LedgerSegment.Active(dir.Path, Signal.Logs).ChainPath, last: true)!.Value.Hash;

        // Rotation first marks the next segment as holding nothing yet, after the last hash of the one it closes.
        using (var mark = AcknowledgedMark.Open(dir.Path, Signal.Logs))
        {
            mark.Write(new ActiveSegmentState(0, 0, lastHash), sync: false);
        }

        Assert.Equal(5, new LedgerTailer(dir.Path, Signal.Logs).ReadNext(null).Count);

        // The same mark before a segment whose lines came after another hash: none of them acknowledged yet.
        using (var mark = AcknowledgedMark.Open(dir.Path, Signal.Logs))
        {
            mark.Write(new ActiveSegmentState(0, 0, new byte[HashChain.HashBytes]), sync: false);
        }

        Assert.Empty(new LedgerTailer(dir.Path, Signal.Logs).ReadNext(null));
    }

    [Fact]
    public async Task Reading_from_the_end_taken_before_appends_gives_exactly_those_appends_across_rotation()
    {
        using var dir = new TempDirectory("tailer");
        var options = new LedgerOptions { MaxSegmentBytes = 3_000 };
        var tailer = new LedgerTailer(dir.Path, Signal.Logs);
        Assert.Null(tailer.End());
        await LedgerTestData.WriteAsync(dir.Path, 10, options);
        var before = LedgerTestData.Lines(dir.Path);
        var end = tailer.End();

        await LedgerTestData.WriteAsync(dir.Path, 20, options);

        var after = new List<string>();
        for (var from = end; tailer.ReadNext(from) is { Count: > 0 } lines; from = lines[^1].After)
        {
            after.AddRange(lines.Select(l => System.Text.Encoding.UTF8.GetString(l.Bytes)));
        }

        Assert.True(LedgerSegment.List(dir.Path, Signal.Logs).Count >= 3, "the appends should rotate the ledger");
        Assert.Equal(LedgerTestData.Lines(dir.Path)[before.Count..], after);
        Assert.Equal(20, after.Count);
    }

    [Fact]
    public async Task A_segment_compressed_after_the_tailer_listed_it_is_read_from_its_compressed_file()
    {
        using var dir = new TempDirectory("tailer");
        var options = new LedgerOptions { MaxSegmentBytes = 3_000, CompressRotated = false };
        await LedgerTestData.WriteAsync(dir.Path, 21, options);

        var rotated = LedgerSegment.List(dir.Path, Signal.Logs).Where(s => !s.IsActive).ToList();
        Assert.True(rotated.Count >= 2, "the test needs two rotated segments");
        var expected = LedgerTestData.Lines(dir.Path);

        // While the first segment is read, the compressor replaces the second.
        var compressed = false;
        var lines = new LedgerTailer(dir.Path, Signal.Logs).ReadNext<object>(null, claim: _ =>
        {
            if (!compressed)
            {
                compressed = true;
                SegmentCompressor.Compress(rotated[1].DataPath, beforeChunk: () => { });
            }

            return null;
        });

        Assert.Equal(expected, lines.Lines.Select(l => System.Text.Encoding.UTF8.GetString(l.Bytes)));
    }

    [Fact]
    public async Task A_checkpoint_in_a_segment_caught_between_the_two_moves_of_its_rotation_resumes_there_not_at_the_oldest()
    {
        using var dir = new TempDirectory("tailer");
        var options = new LedgerOptions { MaxSegmentBytes = 3_000, CompressRotated = false };
        await LedgerTestData.WriteAsync(dir.Path, 14, options);

        // Older segments for a lost checkpoint to fall back to, and the checkpoint with lines after it in the active one.
        Assert.Contains(LedgerSegment.List(dir.Path, Signal.Logs), s => !s.IsActive);
        var tailer = new LedgerTailer(dir.Path, Signal.Logs);
        var all = tailer.ReadNext(null);
        var inActive = all.ToList().FindIndex(line => line.After.SegmentId == all[^1].After.SegmentId);
        Assert.True(inActive > 0 && inActive < all.Count - 1, $"line {inActive} of {all.Count} starts the active segment");
        var checkpoint = all[inActive].After;

        // The first of rotation's two moves: the active segment's chain is renamed, its data not yet.
        var active = LedgerSegment.Active(dir.Path, Signal.Logs);
        var rotated = LedgerSegment.RotatedDataPath(dir.Path, Signal.Logs, DateTime.UtcNow.AddYears(1));
        File.Move(active.ChainPath, LedgerSegment.ChainPathOf(rotated));
        // The second move, from a thread of its own (a pool thread may wait for the pool to grow, the read blocks one).
        var secondMove = new Thread(() =>
        {
            Thread.Sleep(50);
            File.Move(active.DataPath, rotated);
        });
        secondMove.Start();

        var rest = tailer.ReadNext(checkpoint);
        secondMove.Join();

        Assert.Equal(all.Skip(inActive + 1).Select(l => l.After), rest.Select(l => l.After));
    }

    [Fact]
    public async Task A_tailer_never_reads_past_the_durable_end_of_the_active_segment()
    {
        using var dir = new TempDirectory("tailer");
        await LedgerTestData.WriteAsync(dir.Path, 3);
        File.AppendAllText(LedgerSegment.Active(dir.Path, Signal.Logs).DataPath, "{\"resourceLogs\":[]}\n");

        var lines = new LedgerTailer(dir.Path, Signal.Logs).ReadNext(null);

        Assert.Equal(3, lines.Count);
    }

    [Fact]
    public async Task Reads_that_find_nothing_new_do_not_list_the_folder_again_until_the_ledger_rotates()
    {
        using var dir = new TempDirectory("tailer");
        var options = new LedgerOptions { MaxSegmentBytes = 3_000 };
        await using var ledger = LedgerTestData.Open(dir.Path, options);
        await LedgerTestData.AppendAsync(ledger, 0, 14, options);
        var tailer = new LedgerTailer(dir.Path, Signal.Logs);
        var seen = new List<LedgerLine>();
        for (var from = (LedgerCheckpoint?)null; tailer.ReadNext(from) is { Count: > 0 } lines; from = lines[^1].After)
        {
            seen.AddRange(lines);
        }

        var listings = tailer.Listings;
        for (var i = 0; i < 20; i++)
        {
            Assert.Empty(tailer.ReadNext(seen[^1].After));
        }

        Assert.Equal(listings, tailer.Listings);
        await LedgerTestData.AppendAsync(ledger, 14, 14, options);
        for (var from = seen[^1].After; tailer.ReadNext(from) is { Count: > 0 } lines; from = lines[^1].After)
        {
            seen.AddRange(lines);
        }

        Assert.True(tailer.Listings > listings, "a rotation lists the folder again");
        Assert.Equal(LedgerTestData.Lines(dir.Path), seen.Select(l => System.Text.Encoding.UTF8.GetString(l.Bytes)));
    }

    [Fact]
    public async Task The_last_lines_come_oldest_first_across_segments_and_past_a_recovery_entry_each_with_the_checkpoint_after_it()
    {
        using var dir = new TempDirectory("tailer");
        var options = new LedgerOptions { MaxSegmentBytes = 3_000 };
        await LedgerTestData.WriteAsync(dir.Path, 20, options);
        // A torn last line: the next start quarantines it and chains a recovery entry after the last line.
        File.AppendAllText(LedgerSegment.Active(dir.Path, Signal.Logs).DataPath, "{\"resourceLogs\":[");
        await using (LedgerTestData.Open(dir.Path, options))
        {
        }

        var tailer = new LedgerTailer(dir.Path, Signal.Logs);
        var all = tailer.ReadNext(null);
        var last = tailer.Last(12);

        Assert.Contains(LedgerSegment.List(dir.Path, Signal.Logs), s => s.IsCompressed);
        Assert.Equal(all.Skip(8).Select(l => (System.Text.Encoding.UTF8.GetString(l.Bytes), l.After)), last.Select(l => (System.Text.Encoding.UTF8.GetString(l.Bytes), l.After)));
        Assert.Equal(all.Select(l => l.After), tailer.Last(1_000).Select(l => l.After));
        Assert.Empty(tailer.ReadNext(last[^1].After));
        Assert.NotNull(tailer.LastWritten(last[^1].After));
    }

    [Fact]
    public async Task Reading_from_what_was_written_since_a_time_skips_segments_written_before_it()
    {
        using var dir = new TempDirectory("tailer");
        var options = new LedgerOptions { MaxSegmentBytes = 3_000 };
        await LedgerTestData.WriteAsync(dir.Path, 14, options);
        var tailer = new LedgerTailer(dir.Path, Signal.Logs);
        var before = tailer.ReadNext(null);
        foreach (var segment in LedgerSegment.List(dir.Path, Signal.Logs))
        {
            File.SetLastWriteTimeUtc(segment.ChainPath, DateTime.UtcNow.AddHours(-2));
        }

        var since = DateTimeOffset.UtcNow;
        Assert.Equal((tailer.End()!.SegmentId, 0L), (tailer.WrittenSince(since)!.SegmentId, tailer.WrittenSince(since)!.Offset));
        await LedgerTestData.WriteAsync(dir.Path, 30, options);

        var from = tailer.WrittenSince(since);
        var after = tailer.ReadNext(from);

        // From the segment that was active at that time: the 30 new lines and the few before them in that segment.
        var all = tailer.ReadNext(null);
        Assert.Equal(before.Count + 30, all.Count);
        Assert.Equal(all.Skip(before.Count).Select(l => l.After), after.TakeLast(30).Select(l => l.After));
        Assert.True(after.Count < all.Count, $"{after.Count} of {all.Count} lines: older segments should be skipped");
    }
}
