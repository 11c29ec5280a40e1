using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Ledger;

public sealed class LedgerVerifierTests
{
    private const int Lines = 10;

    [Fact]
    public async Task An_untouched_ledger_verifies()
    {
        using var dir = await LedgerAsync();

        var result = LedgerVerifier.Verify(dir.Path, Signal.Logs, false);

        Assert.True(result.Ok);
        Assert.Equal(Lines, result.Lines);
    }

    [Fact]
    public async Task A_modified_line_is_named()
    {
        using var dir = await LedgerAsync();
        Edit(dir.Path, lines => lines[4] = lines[4].Replace("xxxx", "xxxy", StringComparison.Ordinal));

        AssertProblem(dir.Path, line: 5, kind: "modified");
    }

    [Fact]
    public async Task A_deleted_line_is_named()
    {
        using var dir = await LedgerAsync();
        Edit(dir.Path, lines => lines.RemoveAt(6));

        AssertProblem(dir.Path, line: 7, kind: "deleted");
    }

    [Fact]
    public async Task A_deleted_last_line_is_named()
    {
        using var dir = await LedgerAsync();
        Edit(dir.Path, lines => lines.RemoveAt(Lines - 1));

        AssertProblem(dir.Path, line: Lines, kind: "deleted");
    }

    [Fact]
    public async Task An_inserted_line_is_named()
    {
        using var dir = await LedgerAsync();
        Edit(dir.Path, lines => lines.Insert(3, lines[8]));

        AssertProblem(dir.Path, line: 4, kind: "inserted");
    }

    [Fact]
    public async Task A_line_appended_outside_the_recorder_is_named()
    {
        using var dir = await LedgerAsync();
        Edit(dir.Path, lines => lines.Add(lines[0]));

        AssertProblem(dir.Path, line: Lines + 1, kind: "inserted");
    }

    [Fact]
    public async Task Swapped_lines_are_named()
    {
        using var dir = await LedgerAsync();
        Edit(dir.Path, lines => (lines[2], lines[3]) = (lines[3], lines[2]));

        AssertProblem(dir.Path, line: 3, kind: "reordered");
    }

    [Fact]
    public async Task A_change_inside_a_compressed_segment_is_found()
    {
        using var dir = new TempDirectory("verify");
        await LedgerTestData.WriteAsync(dir.Path, 30, new LedgerOptions { MaxSegmentBytes = 2_000 });
        var first = Directory.GetFiles(dir.Path, "otel-logs-*.jsonl.zst").Order(StringComparer.Ordinal).First();
        var text = ReadZstd(first).Split('\n');
        text[1] = text[1].Replace("\"n\"", "\"m\"", StringComparison.Ordinal);
        WriteZstd(first, string.Join('\n', text));

        var result = LedgerVerifier.Verify(dir.Path, Signal.Logs, false);

        Assert.False(result.Ok);
        Assert.Equal(Path.GetFileName(first), result.Problem!.Segment);
        Assert.Equal(2, result.Problem.Line);
        Assert.Equal("modified", result.Problem.Kind);
    }

    [Fact]
    public async Task A_recovery_entry_stays_verifiable_after_its_segment_rotates_and_is_compressed()
    {
        using var dir = new TempDirectory("verify");
        var options = new LedgerOptions { MaxSegmentBytes = 2_000 };
        await LedgerTestData.WriteAsync(dir.Path, 3, options);
        File.AppendAllText(LedgerSegment.Active(dir.Path, Signal.Logs).DataPath, "{\"resourceLogs\":[");
        await using (var ledger = LedgerTestData.Open(dir.Path, options))
        {
            await LedgerTestData.AppendAsync(ledger, 3, 30, options);
            await LedgerTestData.WaitForCompressionAsync(dir.Path);
        }

        var result = LedgerVerifier.Verify(dir.Path, Signal.Logs, false);

        Assert.True(result.Ok, result.Problem?.Detail);
        Assert.Equal(33, result.Lines);
        Assert.EndsWith(".jsonl.zst", Assert.Single(result.Recoveries).Segment);
    }

    [Fact]
    public async Task A_recovery_whose_record_was_removed_is_named()
    {
        using var dir = new TempDirectory("verify");
        await LedgerTestData.WriteAsync(dir.Path, 3);
        File.AppendAllText(LedgerSegment.Active(dir.Path, Signal.Logs).DataPath, "{\"resourceLogs\":[");
        await using (var ledger = LedgerTestData.Open(dir.Path))
        {
            await LedgerTestData.AppendAsync(ledger, 3, 2);
        }

        File.WriteAllText(RecoveryRecord.PathOf(dir.Path, Signal.Logs), "");

        AssertProblem(dir.Path, line: 4, kind: "record missing");
    }

    private static async Task<TempDirectory> LedgerAsync()
    {
        var dir = new TempDirectory("verify");
        await LedgerTestData.WriteAsync(dir.Path, Lines);
        return dir;
    }

    private static void Edit(string folder, Action<List<string>> change)
    {
        var path = LedgerSegment.Active(folder, Signal.Logs).DataPath;
        var lines = File.ReadAllLines(path).ToList();
        change(lines);
        File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
    }

    private static void AssertProblem(string folder, long line, string kind)
    {
        var result = LedgerVerifier.Verify(folder, Signal.Logs, false);
        Assert.False(result.Ok, "verify passed a changed ledger");
        Assert.Equal((line, kind), (result.Problem!.Line, result.Problem.Kind));
    }

    private static string ReadZstd(string path)
    {
        using var input = new ZstdSharp.DecompressionStream(File.OpenRead(path), leaveOpen: false);
        using var reader = new StreamReader(input);
        return reader.ReadToEnd();
    }

    private static void WriteZstd(string path, string text)
    {
        using var output = File.Create(path);
        using var zstd = new ZstdSharp.CompressionStream(output);
        zstd.Write(System.Text.Encoding.UTF8.GetBytes(text));
    }
}
