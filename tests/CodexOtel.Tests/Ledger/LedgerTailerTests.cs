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
    public async Task A_tailer_never_reads_past_the_durable_end_of_the_active_segment()
    {
        using var dir = new TempDirectory("tailer");
        await LedgerTestData.WriteAsync(dir.Path, 3);
        File.AppendAllText(LedgerSegment.Active(dir.Path, Signal.Logs).DataPath, "{\"resourceLogs\":[]}\n");

        var lines = new LedgerTailer(dir.Path, Signal.Logs).ReadNext(null);

        Assert.Equal(3, lines.Count);
    }
}
