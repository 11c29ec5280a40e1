using CodexOtel.Ledger;
using CodexOtel.Ledger.Anchors;
using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Ledger;

namespace CodexOtel.Tests.Cli;

/// <summary><c>[retention]</c> and <c>codex-otel prune</c>: old segments go, the chain records it, and verify still proves what remains.</summary>
public sealed class PruneCommandTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> NinetyDays = new() { ["CODEX_OTEL_RETENTION_MAX_AGE"] = "90d" };

    private readonly TempDirectory _dir = new("prune");

    private string Data => Path.Combine(_dir.Path, "data");

    public Task InitializeAsync() => LedgerTestData.WriteWithTwoOldSegmentsAsync(Data, new LedgerOptions { MaxSegmentBytes = 2_000 });

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Pruning_removes_the_old_segments_and_verify_still_passes_and_lists_each_prune()
    {
        var before = Rotated();
        var anchors = Path.Combine(_dir.Path, "anchors");
        var anchor = await CliRunner.RunAsync("anchor", "--to", anchors, "--data", Data);
        Assert.True(anchor.ExitCode == 0, anchor.ToString());

        var prune = await CliRunner.RunAsync(NinetyDays, "prune", "--data", Data);
        var verify = await CliRunner.RunAsync("verify", "--anchors", anchors, "--data", Data);

        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains($"✂ {before[0].FileName} pruned at", prune.Stdout);
        Assert.Contains($"✂ {before[1].FileName} pruned at", prune.Stdout);
        Assert.Equal(before.Skip(2).Select(s => s.FileName), Rotated().Select(s => s.FileName));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains($"  ✂ {before[0].FileName} pruned at", verify.Stdout);
        Assert.Contains($"  ✂ {before[1].FileName} pruned at", verify.Stdout);
        Assert.Contains("at entry 32", verify.Stdout); // 30 lines and 2 prune entries
        Assert.Contains("✔ anchor line 1 (", verify.Stdout);
    }

    [Fact]
    public async Task An_anchored_entry_in_a_pruned_segment_is_reported_as_pruned_not_as_a_failure()
    {
        var anchors = Path.Combine(_dir.Path, "anchors");
        var first = Rotated()[0];
        var head = ChainFile.ReadEntry(first.ChainPath, last: true)!.Value;
        var entries = new FileInfo(first.ChainPath).Length / HashChain.EntryBytes;
        var anchor = new ChainAnchor(DateTimeOffset.UtcNow, Data, [new ChainHead(Signal.Logs, entries, Convert.ToHexStringLower(head.Hash))]);
        File.WriteAllBytes(anchors, [.. anchor.ToJsonLine(), (byte)'\n']);
        Assert.Equal(0, (await CliRunner.RunAsync(NinetyDays, "prune", "--data", Data)).ExitCode);

        var verify = await CliRunner.RunAsync("verify", "--anchors", anchors, "--data", Data);

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains($"logs entry {entries} (pruned)", verify.Stdout);
        Assert.Contains($"logs: entry {entries} was in {first.FileName}, which retention pruned at", verify.Stdout);
    }

    [Fact]
    public async Task A_segment_deleted_by_hand_fails_verify_and_prune_keeps_the_segments_after_it()
    {
        var oldest = Rotated()[0];
        File.Delete(oldest.DataPath);
        File.Delete(oldest.ChainPath);
        var next = Rotated()[0];

        var verify = await CliRunner.RunAsync("verify", "--data", Data);
        var prune = await CliRunner.RunAsync(NinetyDays, "prune", "--data", Data);

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains($"✘ logs     {next.FileName} line 1: modified — line 1 does not continue the chain from the start of the chain", verify.Stdout);
        Assert.True(prune.ExitCode == 1, prune.ToString());
        Assert.Contains($"✘ kept {next.FileName} and what follows it although due", prune.Stdout);
        Assert.True(File.Exists(next.DataPath));
        Assert.Equal(1, (await CliRunner.RunAsync("verify", "--data", Data)).ExitCode);
    }

    [Fact]
    public async Task A_segment_deleted_by_hand_after_a_prune_fails_verify()
    {
        var pruned = await CliRunner.RunAsync(NinetyDays, "prune", "--data", Data);
        Assert.True(pruned.ExitCode == 0, pruned.ToString());
        var next = Rotated()[0];
        File.Delete(next.DataPath);
        File.Delete(next.ChainPath);

        var verify = await CliRunner.RunAsync("verify", "--data", Data);

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("which was pruned: it was changed, or an older segment was removed without a prune entry", verify.Stdout);
    }

    [Fact]
    public async Task A_prune_record_written_by_hand_for_a_deleted_segment_fails_verify()
    {
        var first = Rotated()[0];
        var head = ChainFile.ReadEntry(first.ChainPath, last: true)!.Value;
        var entries = new FileInfo(first.ChainPath).Length / HashChain.EntryBytes;
        var forged = new PruneRecord(DateTimeOffset.UtcNow, first.FileName, entries, entries, Convert.ToHexStringLower(head.Hash));
        PruneRecord.Append(Data, Signal.Logs, forged.ToJsonLine());
        File.Delete(first.DataPath);
        File.Delete(first.ChainPath);

        var verify = await CliRunner.RunAsync("verify", "--data", Data);

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains($"✘ logs     {first.FileName} line 1: deleted — {first.FileName} is gone and .prunes names it, but no prune entry in the chain holds that record", verify.Stdout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_prune_cut_short_after_its_record_is_finished_by_the_next_and_verify_passes(bool entryWritten)
    {
        // What a crash leaves between the record and the files' removal: the record, and perhaps its chain entry.
        var before = Rotated();
        var first = before[0];
        var head = ChainFile.ReadEntry(first.ChainPath, last: true)!.Value;
        var entries = new FileInfo(first.ChainPath).Length / HashChain.EntryBytes;
        var record = new PruneRecord(DateTimeOffset.UtcNow, first.FileName, entries, entries, Convert.ToHexStringLower(head.Hash));
        PruneRecord.Append(Data, Signal.Logs, record.ToJsonLine());
        if (entryWritten)
        {
            await using var ledger = LedgerTestData.Open(Data, new LedgerOptions { MaxSegmentBytes = 2_000 });
            await ledger.AppendRecordAsync(Signal.Logs, record.ToJsonLine());
        }

        var prune = await CliRunner.RunAsync(NinetyDays, "prune", "--data", Data);
        var verify = await CliRunner.RunAsync("verify", "--data", Data);

        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Equal(before.Skip(2).Select(s => s.FileName), Rotated().Select(s => s.FileName));
        Assert.Single(PruneRecord.ReadAll(Data, Signal.Logs), r => r.Record.Segment == first.FileName);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains($"  ✂ {first.FileName} pruned at", verify.Stdout);
        Assert.Contains($"  ✂ {before[1].FileName} pruned at", verify.Stdout);
    }

    [Fact]
    public async Task Prune_without_retention_configured_is_refused_with_a_fix()
    {
        var prune = await CliRunner.RunAsync("prune", "--data", Data);

        CliRunner.AssertUserErrorWithFix(prune, "no retention is configured", "[retention] max_age = \"90d\"");
        Assert.Equal(Rotated().Count, LedgerSegment.List(Data, Signal.Logs).Count(s => !s.IsActive));
    }

    [Fact]
    public async Task Retention_settings_that_are_not_an_age_or_a_size_are_refused_with_what_is_valid()
    {
        var age = await CliRunner.RunAsync(new Dictionary<string, string> { ["CODEX_OTEL_RETENTION_MAX_AGE"] = "90x" }, "prune", "--data", Data);
        var size = await CliRunner.RunAsync(new Dictionary<string, string> { ["CODEX_OTEL_RETENTION_MAX_BYTES"] = "12KB" }, "prune", "--data", Data);

        CliRunner.AssertUserError(age, "CODEX_OTEL_RETENTION_MAX_AGE=\"90x\" is not an age like \"90d\"");
        CliRunner.AssertUserError(size, "is below 1 MB");
        Assert.Equal(Rotated().Count, LedgerSegment.List(Data, Signal.Logs).Count(s => !s.IsActive));
    }

    private List<LedgerSegment> Rotated() => LedgerSegment.List(Data, Signal.Logs).Where(s => !s.IsActive).ToList();
}
