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
        Assert.True(LedgerVerifier.Verify(dir.Path, Signal.Logs, false).Ok);
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
    }

    [Fact]
    public async Task Chain_entries_whose_data_never_reached_the_disk_are_dropped()
    {
        using var dir = new TempDirectory("crash");
        await LedgerTestData.WriteAsync(dir.Path, 3);
        var segment = LedgerSegment.Active(dir.Path, Signal.Logs);
        var lines = File.ReadAllLines(segment.DataPath);
        File.WriteAllText(segment.DataPath, string.Join("\n", lines[..2]) + "\n");

        await using (var ledger = LedgerTestData.Open(dir.Path))
        {
            await LedgerTestData.AppendAsync(ledger, 10, 1);
        }

        var verification = LedgerVerifier.Verify(dir.Path, Signal.Logs, false);
        Assert.True(verification.Ok, verification.Problem?.Detail);
        Assert.Equal(3, verification.Lines);
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
}
