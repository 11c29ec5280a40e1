using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Ledger;

namespace CodexOtel.Tests.Cli;

/// <summary><c>codex-otel verify</c> run as a user would, after the recorder recovered a segment.</summary>
public sealed class VerifyCommandTests
{
    [Fact]
    public async Task Verify_fails_on_a_recovery_after_the_chain_was_cut_and_names_the_segment_and_where_the_lines_went()
    {
        using var dir = new TempDirectory("verify-cli");
        await LedgerTestData.WriteAsync(dir.Path, 12);
        using (var chain = File.OpenWrite(LedgerSegment.Active(dir.Path, Signal.Logs).ChainPath))
        {
            chain.SetLength(chain.Length / 2);
        }

        await using (LedgerTestData.Open(dir.Path))
        {
        }

        var result = await CliRunner.RunAsync("verify", "--data", dir.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        var quarantine = Path.GetFileName(Assert.Single(Directory.GetFiles(dir.Path, "otel-logs.quarantine-*.lines")));
        Assert.Contains("✘ logs     otel-logs.jsonl line 7: recovered", result.Stdout);
        Assert.Contains("acknowledged 12", result.Stdout);
        Assert.Contains(quarantine, result.Stdout);
    }

    [Fact]
    public async Task Verify_passes_after_a_crash_tail_was_moved_aside_and_reports_it()
    {
        using var dir = new TempDirectory("verify-cli");
        await LedgerTestData.WriteAsync(dir.Path, 3);
        File.AppendAllText(LedgerSegment.Active(dir.Path, Signal.Logs).DataPath, "{\"resourceLogs\":[");
        await using (LedgerTestData.Open(dir.Path))
        {
        }

        var result = await CliRunner.RunAsync("verify", "--data", dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ℹ otel-logs.jsonl: crash-tail recovery at", result.Stdout);
        Assert.Contains("OK", result.Stdout);
    }
}
