using CodexOtel.Consumers;
using CodexOtel.Ledger;
using CodexOtel.Ledger.Retention;
using CodexOtel.Otlp;
using CodexOtel.Serve;
using CodexOtel.Tests.Cli;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Ledger;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodexOtel.Tests.Serve;

/// <summary>serve applies <c>[retention]</c> by itself, at start and hourly, never under a consumer that still needs the lines.</summary>
public sealed class ServeRetentionTests : IAsyncLifetime
{
    private static readonly LedgerOptions SmallSegments = new() { MaxSegmentBytes = 2_000 };
    private static readonly RetentionOptions NinetyDays = new() { MaxAge = TimeSpan.FromDays(90) };

    private readonly TempDirectory _dir = new("serve-retention");

    private string Data => Path.Combine(_dir.Path, "data");

    public Task InitializeAsync() => LedgerTestData.WriteWithTwoOldSegmentsAsync(Data, SmallSegments);

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Serve_prunes_due_segments_at_start_and_verify_still_proves_what_remains()
    {
        var before = Rotated();
        var config = Path.Combine(_dir.Path, "config.toml");
        await File.WriteAllTextAsync(config, "[retention]\nmax_age = \"90d\"\n");

        await using (var server = await ServerProcess.StartAsync(Data, "--config", config))
        {
            for (var waited = 0; waited < 200 && File.Exists(before[1].DataPath); waited++)
            {
                await Task.Delay(100);
            }

            Assert.True(!File.Exists(before[1].DataPath), server.ToString());
            Assert.Contains("Retention pruned 2 segment(s)", server.Stderr);
        }

        var verify = await CliRunner.RunAsync("verify", "--data", Data);
        Assert.Equal(before.Skip(2).Select(s => s.FileName), Rotated().Select(s => s.FileName));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains($"  ✂ {before[0].FileName} pruned at", verify.Stdout);
    }

    [Fact]
    public async Task A_consumer_still_reading_a_due_segment_keeps_it_and_those_after_it()
    {
        var before = Rotated();
        var lagging = new LedgerCheckpoint(FirstHash(before[1]), 0);
        await using var ledger = LedgerTestData.Open(Data, SmallSegments);
        await using var retention = Retention(ledger, new ConsumerPosition("lagging", Signal.Logs, () => lagging));

        var result = await retention.PruneAsync(CancellationToken.None);

        Assert.Equal([before[0].FileName], result.Pruned.Select(p => p.Segment.FileName));
        Assert.Equal(before.Skip(1).Select(s => s.FileName), Rotated().Select(s => s.FileName));
    }

    [Fact]
    public async Task A_consumer_with_no_checkpoint_yet_keeps_every_segment_of_its_signal_but_not_of_others()
    {
        var before = Rotated();
        await using var ledger = LedgerTestData.Open(Data, SmallSegments);
        await using var retention = Retention(
            ledger,
            new ConsumerPosition("starting", Signal.Logs, () => null),
            new ConsumerPosition("spans", Signal.Traces, () => null));

        var result = await retention.PruneAsync(CancellationToken.None);

        Assert.Empty(result.Pruned);
        Assert.Equal(before.Select(s => s.FileName), Rotated().Select(s => s.FileName));
    }

    [Fact]
    public async Task Consumers_past_the_due_segments_let_them_go()
    {
        var before = Rotated();
        var past = new LedgerCheckpoint(FirstHash(before[2]), 0);
        await using var ledger = LedgerTestData.Open(Data, SmallSegments);
        await using var retention = Retention(ledger, new ConsumerPosition("index", Signal.Logs, () => past), new ConsumerPosition("live", Signal.Logs, () => past));

        var result = await retention.PruneAsync(CancellationToken.None);

        Assert.Equal(before.Take(2).Select(s => s.FileName), result.Pruned.Select(p => p.Segment.FileName));
    }

    private ServeRetention Retention(LedgerWriter ledger, params ConsumerPosition[] consumers) =>
        new(Data, ledger, NinetyDays, SmallSegments.CompressRotated, () => consumers, NullLogger.Instance);

    private static string FirstHash(LedgerSegment segment) => Convert.ToHexStringLower(ChainFile.ReadEntry(segment.ChainPath, last: false)!.Value.Hash);

    private List<LedgerSegment> Rotated() => LedgerSegment.List(Data, Signal.Logs).Where(s => !s.IsActive).ToList();
}
