using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Ledger;

/// <summary>The states a crash can leave on disk, and what opening the ledger makes of them.</summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task A_torn_last_line_is_cut_when_the_ledger_opens()
    {
        using var dir = new TempDirectory("crash");
        await LedgerTestData.WriteAsync(dir.Path, 3);
        var data = LedgerSegment.Active(dir.Path, Signal.Logs).DataPath;
        File.AppendAllText(data, "{\"resourceLogs\":[{\"resou");

        await using (var ledger = LedgerTestData.Open(dir.Path))
        {
            await LedgerTestData.AppendAsync(ledger, 3, 1);
        }

        Assert.Equal(4, LedgerTestData.Lines(dir.Path).Count);
        var verification = LedgerVerifier.Verify(dir.Path, Signal.Logs, false);
        Assert.True(verification.Ok, verification.Problem?.Detail);
        var recovery = Assert.Single(verification.Recoveries);
        Assert.False(recovery.Record.IsEvidence);
        Assert.Equal("{\"resourceLogs\":[{\"resou", File.ReadAllText(Quarantined(dir.Path, ".lines")));
    }

    [Fact]
    public async Task Complete_lines_that_never_got_their_chain_entry_are_cut_as_unacknowledged()
    {
        using var dir = new TempDirectory("crash");
        await LedgerTestData.WriteAsync(dir.Path, 3);
        var data = LedgerSegment.Active(dir.Path, Signal.Logs).DataPath;
        var copy = File.ReadLines(data).First();
        File.AppendAllText(data, copy + "\n");

        await using (LedgerTestData.Open(dir.Path))
        {
        }

        Assert.Equal(3, LedgerTestData.Lines(dir.Path).Count);
        Assert.Equal(3, File.ReadLines(data).Count());
        Assert.Equal(copy + "\n", File.ReadAllText(Quarantined(dir.Path, ".lines")));
        Assert.True(LedgerVerifier.Verify(dir.Path, Signal.Logs, false).Ok);
    }

    [Fact]
    public async Task Chain_entries_past_the_acknowledged_lines_whose_data_never_reached_the_disk_are_moved_aside()
    {
        using var dir = new TempDirectory("crash");
        await LedgerTestData.WriteAsync(dir.Path, 3);
        var segment = LedgerSegment.Active(dir.Path, Signal.Logs);
        var unacknowledged = new byte[HashChain.EntryBytes];
        HashChain.WriteEntry(new FileInfo(segment.DataPath).Length + 100, new byte[HashChain.HashBytes], unacknowledged);
        AppendBytes(segment.ChainPath, unacknowledged);

        await using (var ledger = LedgerTestData.Open(dir.Path))
        {
            await LedgerTestData.AppendAsync(ledger, 10, 1);
        }

        var verification = LedgerVerifier.Verify(dir.Path, Signal.Logs, false);
        Assert.True(verification.Ok, verification.Problem?.Detail);
        Assert.Equal(4, verification.Lines);
        Assert.Equal(unacknowledged, File.ReadAllBytes(Quarantined(dir.Path, ".chain")));
    }

    [Fact]
    public async Task A_chain_cut_in_half_loses_no_line_and_verify_fails_naming_where_they_went()
    {
        using var dir = new TempDirectory("crash");
        await LedgerTestData.WriteAsync(dir.Path, 12);
        var segment = LedgerSegment.Active(dir.Path, Signal.Logs);
        var before = File.ReadAllBytes(segment.DataPath);
        using (var chain = File.OpenWrite(segment.ChainPath))
        {
            chain.SetLength(chain.Length / 2);
        }

        await using (LedgerTestData.Open(dir.Path))
        {
        }

        Assert.Equal(before, File.ReadAllBytes(segment.DataPath).Concat(File.ReadAllBytes(Quarantined(dir.Path, ".lines"))).ToArray());
        AssertRecoveryFails(dir.Path, Path.GetFileName(Quarantined(dir.Path, ".lines")));
    }

    [Fact]
    public async Task An_emptied_chain_beside_a_segment_with_lines_deletes_nothing_and_verify_fails()
    {
        using var dir = new TempDirectory("crash");
        await LedgerTestData.WriteAsync(dir.Path, 12);
        var segment = LedgerSegment.Active(dir.Path, Signal.Logs);
        var before = File.ReadAllBytes(segment.DataPath);
        File.WriteAllBytes(segment.ChainPath, []);

        await using (LedgerTestData.Open(dir.Path))
        {
        }

        Assert.Equal(before, File.ReadAllBytes(Quarantined(dir.Path, ".lines")));
        AssertRecoveryFails(dir.Path, Path.GetFileName(Quarantined(dir.Path, ".lines")));
    }

    [Fact]
    public async Task A_deleted_last_line_does_not_silently_drop_its_chain_entry_and_verify_fails()
    {
        using var dir = new TempDirectory("crash");
        await LedgerTestData.WriteAsync(dir.Path, 12);
        var segment = LedgerSegment.Active(dir.Path, Signal.Logs);
        var chain = File.ReadAllBytes(segment.ChainPath);
        var lines = File.ReadAllLines(segment.DataPath);
        File.WriteAllText(segment.DataPath, string.Concat(lines[..^1].Select(l => l + "\n")));

        await using (var ledger = LedgerTestData.Open(dir.Path))
        {
            await LedgerTestData.AppendAsync(ledger, 20, 1);
        }

        Assert.Equal(chain[^HashChain.EntryBytes..], File.ReadAllBytes(Quarantined(dir.Path, ".chain")));
        AssertRecoveryFails(dir.Path, Path.GetFileName(Quarantined(dir.Path, ".chain")));
    }

    [Fact]
    public async Task Readers_and_tailers_ignore_quarantine_files()
    {
        using var dir = new TempDirectory("crash");
        await LedgerTestData.WriteAsync(dir.Path, 12);
        var segment = LedgerSegment.Active(dir.Path, Signal.Logs);
        using (var chain = File.OpenWrite(segment.ChainPath))
        {
            chain.SetLength(chain.Length / 2);
        }

        await using (LedgerTestData.Open(dir.Path))
        {
        }

        Assert.NotEmpty(Directory.GetFiles(dir.Path, "otel-logs.quarantine-*"));
        Assert.Equal([segment.DataPath], LedgerSegment.List(dir.Path, Signal.Logs).Select(s => s.DataPath));
        Assert.Equal(6, LedgerTestData.Lines(dir.Path).Count);
        Assert.Equal(6, new LedgerTailer(dir.Path, Signal.Logs).ReadNext(null).Count);
    }

    [Fact]
    public async Task A_rotation_interrupted_between_its_two_renames_is_finished()
    {
        using var dir = new TempDirectory("crash");
        await LedgerTestData.WriteAsync(dir.Path, 3);
        var active = LedgerSegment.Active(dir.Path, Signal.Logs);
        var rotated = LedgerSegment.RotatedDataPath(dir.Path, Signal.Logs, DateTime.UtcNow);
        File.Move(active.ChainPath, LedgerSegment.ChainPathOf(rotated));

        await using (var ledger = LedgerTestData.Open(dir.Path))
        {
            await LedgerTestData.AppendAsync(ledger, 3, 2);
        }

        Assert.Equal(5, LedgerTestData.Lines(dir.Path).Count);
        Assert.True(LedgerVerifier.Verify(dir.Path, Signal.Logs, false).Ok);
    }

    [Fact]
    public async Task A_segment_whose_chain_was_removed_is_left_untouched_and_the_ledger_refuses_to_open()
    {
        using var dir = new TempDirectory("crash");
        await LedgerTestData.WriteAsync(dir.Path, 3);
        var active = LedgerSegment.Active(dir.Path, Signal.Logs);
        File.Delete(active.ChainPath);
        var before = File.ReadAllBytes(active.DataPath);

        var error = Assert.Throws<LedgerDamagedException>(() => LedgerTestData.Open(dir.Path));

        Assert.Contains("verify", error.Message);
        Assert.Equal(before, File.ReadAllBytes(active.DataPath));
    }

    private static string Quarantined(string folder, string extension) =>
        Assert.Single(Directory.GetFiles(folder, "otel-logs.quarantine-*" + extension));

    private static void AppendBytes(string path, byte[] bytes)
    {
        using var file = new FileStream(path, FileMode.Append);
        file.Write(bytes);
    }

    private static void AssertRecoveryFails(string folder, string quarantine)
    {
        var verification = LedgerVerifier.Verify(folder, Signal.Logs, false);
        Assert.False(verification.Ok, "verify passed a ledger whose acknowledged lines were moved aside");
        Assert.Equal("otel-logs.jsonl", verification.Problem!.Segment);
        Assert.Contains(quarantine, verification.Problem.Detail);
        Assert.True(Assert.Single(verification.Recoveries).Record.IsEvidence);
    }
}
