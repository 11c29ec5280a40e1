using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Ledger;

public sealed class LedgerWriterTests
{
    [Fact]
    public async Task Appended_lines_are_read_back_in_order_in_collector_file_format()
    {
        using var dir = new TempDirectory("ledger");
        await LedgerTestData.WriteAsync(dir.Path, 20);

        var lines = LedgerTestData.Lines(dir.Path);

        Assert.Equal(20, lines.Count);
        for (var n = 0; n < 20; n++)
        {
            Assert.StartsWith("{\"resourceLogs\":[", lines[n]);
            Assert.Contains($"\"intValue\":\"{n * 1000}\"", lines[n]);
        }
    }

    [Fact]
    public async Task Ledger_files_and_folder_are_private_to_the_user()
    {
        using var dir = new TempDirectory("ledger");
        var folder = Path.Combine(dir.Path, "data");
        await LedgerTestData.WriteAsync(folder, 3);

        Assert.Equal(DataDirectory.PrivateFolderMode, File.GetUnixFileMode(folder));
        foreach (var file in Directory.GetFiles(folder))
        {
            Assert.Equal(DataDirectory.PrivateFileMode, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task A_second_writer_on_the_same_folder_is_refused()
    {
        using var dir = new TempDirectory("ledger");
        await using var first = LedgerTestData.Open(dir.Path);

        var error = Assert.Throws<LedgerLockedException>(() => LedgerTestData.Open(dir.Path));

        Assert.Contains(dir.Path, error.Message);
        Assert.True(LedgerWriter.IsLocked(dir.Path));
    }

    [Fact]
    public async Task Rotated_segments_are_compressed_and_read_as_one_stream_with_one_chain()
    {
        using var dir = new TempDirectory("ledger");
        var options = new LedgerOptions { MaxSegmentBytes = 2_000 };
        await LedgerTestData.WriteAsync(dir.Path, 40, options);

        var compressed = Directory.GetFiles(dir.Path, "otel-logs-*.jsonl.zst");
        Assert.True(compressed.Length >= 3, $"expected several compressed segments, found {compressed.Length}");
        Assert.Empty(Directory.GetFiles(dir.Path, "otel-logs-*.jsonl"));
        var lines = LedgerTestData.Lines(dir.Path);
        Assert.Equal(40, lines.Count);
        Assert.All(lines.Select((line, n) => (line, n)), x => Assert.Contains($"\"intValue\":\"{x.n * 1000}\"", x.line));
        var verification = LedgerVerifier.Verify(dir.Path, Signal.Logs, recorderRunning: false);
        Assert.True(verification.Ok, verification.Problem?.Detail);
        Assert.Equal(40, verification.Lines);
    }

    [Fact]
    public async Task Reopening_continues_the_chain_where_it_stopped()
    {
        using var dir = new TempDirectory("ledger");
        await LedgerTestData.WriteAsync(dir.Path, 5);
        await using (var again = LedgerTestData.Open(dir.Path))
        {
            await LedgerTestData.AppendAsync(again, 5, 5);
        }

        var verification = LedgerVerifier.Verify(dir.Path, Signal.Logs, recorderRunning: false);

        Assert.True(verification.Ok, verification.Problem?.Detail);
        Assert.Equal(10, verification.Lines);
    }

    [Fact]
    public void A_request_too_large_for_one_line_is_split_and_an_oversized_record_is_refused()
    {
        var request = LedgerTestData.Logs(1, records: 10, bodyBytes: 300);
        request.ResourceLogs[0].ScopeLogs[0].LogRecords[3].Body.StringValue = new string('y', 5_000);

        using var batch = LedgerLineEncoder.Encode(Signal.Logs, request, maxLineBytes: 1_200);

        var lines = System.Text.Encoding.UTF8.GetString(batch.Span).TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= 1_200, $"line of {line.Length} bytes"));
        Assert.True(lines.Length >= 3);
        Assert.Equal(1, batch.RejectedRecords);
        Assert.Equal(9, lines.Sum(l => System.Text.RegularExpressions.Regex.Matches(l, "\"key\":\"n\"").Count));
        Assert.All(lines, line => Assert.Contains("\"service.name\"", line));
    }
}
