using System.Diagnostics;
using CodexOtel.Consumers;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Ledger;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodexOtel.Tests.Consumers;

public sealed class LedgerConsumerHostTests : IDisposable
{
    private readonly TempDirectory _dir = new("consumers");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_consumer_resumes_from_its_checkpoint_after_a_restart_seeing_each_line_exactly_once_across_rotation(bool inPlace)
    {
        var options = new LedgerOptions { MaxSegmentBytes = 3_000 };
        await using var ledger = LedgerTestData.Open(_dir.Path, options);
        RecordingConsumer first;
        await using (var host = Host(ledger))
        {
            first = Add(host, inPlace);
            await LedgerTestData.AppendAsync(ledger, 0, 10, options);
            await first.WaitForAsync(10);
        }

        // Written while no consumer runs, and enough to rotate the segment the checkpoint is in.
        await LedgerTestData.AppendAsync(ledger, 10, 20, options);
        RecordingConsumer second;
        await using (var host = Host(ledger))
        {
            second = Add(host, inPlace);
            await second.WaitForAsync(20);
            await LedgerTestData.AppendAsync(ledger, 30, 15, options);
            await second.WaitForAsync(35);
        }

        var all = LedgerTestData.Lines(_dir.Path);
        Assert.True(LedgerSegment.List(_dir.Path, Signal.Logs).Count >= 4, "the appends should rotate the ledger");
        Assert.Equal(all[..10], first.Lines);
        Assert.Equal(all[10..], second.Lines);
        var checkpoint = new ConsumerCheckpointFile(_dir.Path, "recording");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(checkpoint.Path));
        Assert.Equal(new LedgerTailer(_dir.Path, Signal.Logs).End(), checkpoint.Load());
    }

    [Fact]
    public async Task A_consumer_is_woken_by_the_commit_of_a_line_not_by_polling()
    {
        await using var ledger = LedgerTestData.Open(_dir.Path);
        var consumer = new RecordingConsumer(_dir.Path);
        await using var host = Host(ledger);
        host.Add(consumer);
        var delays = new List<TimeSpan>();
        for (var n = 0; n < 5; n++)
        {
            // Idle long enough that a poller would be part-way through its interval.
            await Task.Delay(150);
            await LedgerTestData.AppendAsync(ledger, n, 1);
            var acknowledged = Stopwatch.GetTimestamp();
            await consumer.WaitForAsync(n + 1);
            delays.Add(Stopwatch.GetElapsedTime(acknowledged, Math.Max(acknowledged, consumer.LastSeenAt)));
        }

        // The host has no poll interval to wait out: the commit hands the line over at once. The median spares a
        // busy machine's odd stall.
        Assert.True(delays.Order().ElementAt(2) < TimeSpan.FromMilliseconds(50), $"handed over after {string.Join(", ", delays.Select(d => d.TotalMilliseconds))} ms");
    }

    [Fact]
    public async Task A_consumer_that_coalesces_takes_the_commits_of_its_interval_in_one_batch_after_the_first_wakes_it()
    {
        await using var ledger = LedgerTestData.Open(_dir.Path);
        var consumer = new RecordingConsumer(_dir.Path) { Coalesce = TimeSpan.FromSeconds(1), BatchBytes = 1 << 20 };
        await using var host = Host(ledger);
        host.Add(consumer);
        await Task.Delay(200); // caught up (nothing to read), waiting for a commit

        var first = Stopwatch.GetTimestamp();
        for (var n = 0; n < 5; n++)
        {
            await LedgerTestData.AppendAsync(ledger, n, 1); // a commit each
        }

        await consumer.WaitForAsync(5);
        Assert.Equal(1, consumer.Batches);
        Assert.True(Stopwatch.GetElapsedTime(first, consumer.LastSeenAt) >= TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task A_consumer_that_fails_gets_the_same_lines_again_from_its_checkpoint_while_the_others_go_on()
    {
        await using var ledger = LedgerTestData.Open(_dir.Path);
        var failing = new RecordingConsumer(_dir.Path, "failing") { FailOnce = true };
        var steady = new RecordingConsumer(_dir.Path, "steady");
        await using (var host = Host(ledger))
        {
            host.Add(failing);
            host.Add(steady);
            await LedgerTestData.AppendAsync(ledger, 0, 5);
            await steady.WaitForAsync(5);
            await failing.WaitForAsync(5);
            Assert.Throws<ArgumentException>(() => host.Add(new RecordingConsumer(_dir.Path, "steady")));
        }

        Assert.Equal(LedgerTestData.Lines(_dir.Path), failing.Lines);
        Assert.Equal(LedgerTestData.Lines(_dir.Path), steady.Lines);
    }

    /// <summary>A recording consumer on the host, handed copies of its lines or (<paramref name="inPlace"/>) shown them as they are read.</summary>
    private RecordingConsumer Add(LedgerConsumerHost host, bool inPlace)
    {
        if (!inPlace)
        {
            var copies = new RecordingConsumer(_dir.Path);
            host.Add(copies);
            return copies;
        }

        var shown = new InPlaceRecordingConsumer(_dir.Path);
        host.Add(shown);
        return shown.Recorded;
    }

    private LedgerConsumerHost Host(LedgerWriter ledger) =>
        new(_dir.Path, ledger, NullLogger.Instance) { ErrorDelay = TimeSpan.FromMilliseconds(50) };
}
