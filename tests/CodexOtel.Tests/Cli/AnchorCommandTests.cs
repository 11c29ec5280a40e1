using System.Text.Json;
using CodexOtel.Ledger.Anchors;
using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Ledger;

namespace CodexOtel.Tests.Cli;

/// <summary><c>codex-otel anchor</c> and <c>verify --anchors</c>: chain heads kept outside the ledger catch a rewrite of data and chain together.</summary>
public sealed class AnchorCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("anchor");

    private string Data => Path.Combine(_dir.Path, "data");

    private string Anchors => Path.Combine(_dir.Path, "elsewhere", "ledger.anchors");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Verify_prints_each_signals_whole_chain_head_hash_and_its_entry_position()
    {
        await LedgerTestData.WriteAsync(Data, 5);

        var result = await CliRunner.RunAsync("verify", "--data", Data);

        Assert.True(result.ExitCode == 0, result.ToString());
        var head = ChainHead.Read(Data, Signal.Logs);
        Assert.Equal(5, head.Entries);
        Assert.Contains($"✔ logs             5 lines in 1 segment(s), chain head {head.Hash} at entry 5", result.Stdout);
    }

    [Fact]
    public async Task Anchor_without_a_place_outside_the_ledger_is_refused_and_says_why()
    {
        await LedgerTestData.WriteAsync(Data, 1);

        var none = await CliRunner.RunAsync("anchor", "--data", Data);
        var inside = await CliRunner.RunAsync("anchor", "--to", Path.Combine(Data, "anchors"), "--data", Data);

        CliRunner.AssertUserErrorWithFix(none, "--to FILE or --exec", "codex-otel anchor --to");
        Assert.Contains("worthless", none.Stderr);
        CliRunner.AssertUserErrorWithFix(inside, "is inside the data folder", "another disk");
        Assert.False(File.Exists(Path.Combine(Data, "anchors")));
    }

    [Fact]
    public async Task Each_anchor_is_one_private_json_line_and_verify_anchors_passes_while_the_ledger_only_grows()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Anchors)!);
        await LedgerTestData.WriteAsync(Data, 4);
        var first = await CliRunner.RunAsync("anchor", "--to", Anchors, "--data", Data);
        await using (var ledger = LedgerTestData.Open(Data))
        {
            await LedgerTestData.AppendAsync(ledger, 4, 3);
        }

        var second = await CliRunner.RunAsync("anchor", "--to", Anchors, "--data", Data);
        var verify = await CliRunner.RunAsync("verify", "--anchors", Anchors, "--data", Data);

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first + "\n" + second);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Anchors));
        var lines = File.ReadAllLines(Anchors);
        Assert.Equal(2, lines.Length);
        Assert.Equal([4L, 7L], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("heads").GetProperty("logs").GetProperty("entries").GetInt64()));
        Assert.Contains(ChainHead.Read(Data, Signal.Logs).Hash, second.Stdout);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("✔ anchor line 1 (", verify.Stdout);
        Assert.Contains("✔ anchor line 2 (", verify.Stdout);
    }

    [Fact]
    public async Task A_ledger_rewritten_together_with_its_chain_passes_verify_but_fails_verify_anchors_naming_the_anchor_and_signal()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Anchors)!);
        await LedgerTestData.WriteAsync(Data, 10);
        var anchor = await CliRunner.RunAsync("anchor", "--to", Anchors, "--data", Data);
        Assert.True(anchor.ExitCode == 0, anchor.ToString());
        LedgerRewrite.RewriteConsistently(Data, lines => lines[3] = lines[3].Replace("xxxx", "yyyy", StringComparison.Ordinal));

        var plain = await CliRunner.RunAsync("verify", "--data", Data);
        var anchored = await CliRunner.RunAsync("verify", "--anchors", Anchors, "--data", Data);

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(anchored.ExitCode == 1, anchored.ToString());
        Assert.Contains("✘ anchor line 1 (", anchored.Stdout);
        Assert.Contains(") logs: chain entry 10 is now", anchored.Stdout);
        Assert.Contains("rewritten after it was anchored", anchored.Stdout);
        Assert.Contains("FAILED: the ledger no longer holds every anchored state", anchored.Stdout);
    }

    [Fact]
    public async Task A_ledger_cut_short_and_re_chained_fails_verify_anchors()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Anchors)!);
        await LedgerTestData.WriteAsync(Data, 10);
        Assert.Equal(0, (await CliRunner.RunAsync("anchor", "--to", Anchors, "--data", Data)).ExitCode);
        LedgerRewrite.RewriteConsistently(Data, lines => lines.RemoveRange(7, 3));

        var anchored = await CliRunner.RunAsync("verify", "--anchors", Anchors, "--data", Data);

        Assert.True(anchored.ExitCode == 1, anchored.ToString());
        Assert.Contains("logs: the chain holds 7 entries, the anchor names entry 10", anchored.Stdout);
    }

    [Fact]
    public async Task Anchor_exec_hands_the_anchor_to_the_command_on_stdin_and_a_failing_command_is_an_error()
    {
        await LedgerTestData.WriteAsync(Data, 2);
        var received = Path.Combine(_dir.Path, "received.json");

        var ok = await CliRunner.RunAsync("anchor", "--exec", $"cat > '{received}'", "--data", Data);
        var failing = await CliRunner.RunAsync("anchor", "--exec", "cat > /dev/null; exit 3", "--data", Data);

        Assert.True(ok.ExitCode == 0, ok.ToString());
        var anchor = ChainAnchor.TryParse(File.ReadAllText(received));
        Assert.NotNull(anchor);
        Assert.Equal(ChainHead.Read(Data, Signal.Logs), anchor.Heads.Single(h => h.Signal == Signal.Logs));
        CliRunner.AssertUserErrorWithFix(failing, "exited with 3", "fix the command");
    }

    [Fact]
    public async Task A_line_of_the_anchors_file_that_is_not_an_anchor_fails_verify()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Anchors)!);
        await LedgerTestData.WriteAsync(Data, 2);
        File.WriteAllText(Anchors, "{\"time\": \"yesterday\"}\n");

        var verify = await CliRunner.RunAsync("verify", "--anchors", Anchors, "--data", Data);

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("✘ anchor line 1 is not an anchor", verify.Stdout);
    }
}
