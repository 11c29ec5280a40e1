using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Importing;
using CodexOtel.Tests.Receivers;
using Google.Protobuf;
using Xunit.Abstractions;

namespace CodexOtel.Tests.Cli;

/// <summary>
/// The real <c>codex-otel import</c> killed with SIGKILL while it writes, again and again, then run to the end: every
/// line of the file is in the ledger exactly once, and importing it once more appends nothing. Straight into the
/// ledger and through a running serve.
/// </summary>
[Collection(nameof(ProcessTestsCollection))]
public sealed class ImportKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Imports_killed_midway_leave_each_line_in_the_ledger_once_and_a_last_import_appends_nothing()
    {
        using var dir = new TempDirectory("import-kill");
        var data = dir.Sub("data");
        // Several MB: many chunks of the import, so that a kill falls between two of them.
        var lines = ImportTestData.SeedLines(3000, perLine: 40);
        var file = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), lines);

        await KillImportsThenImportAsync(lines, file, data, Key);
    }

    [Fact]
    public async Task Imports_killed_midway_through_a_running_serve_leave_each_line_in_the_ledger_once()
    {
        using var dir = new TempDirectory("import-kill");
        var data = dir.Sub("data");
        // Through serve an import goes slower: fewer lines give as many chunks to kill between.
        var lines = ImportTestData.SeedLines(1500, perLine: 40);
        var file = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), lines);
        await using var server = await ServerProcess.StartAsync(data);

        await KillImportsThenImportAsync(lines, file, data, AsRecordedKey);

        Assert.False(server.HasExited, server.ToString());
        Assert.Equal(0, await server.StopAsync());
    }

    // recorded: the key of a line of the file as the ledger holds it (serve stamps it with its sender, import alone does not).
    private async Task KillImportsThenImportAsync(List<string> lines, string file, string data, Func<string, string> recorded)
    {
        // Kill once the ledger holds about these shares of the file (a fixed seed: the same points every run).
        var random = new Random(13);
        var total = new FileInfo(file).Length;
        var killedMidway = 0;
        foreach (var share in new[] { 0.15, 0.4, 0.65 }.Select(s => s + (random.NextDouble() * 0.1)))
        {
            if (await ImportUntilLedgerHoldsAsync(file, data, (long)(share * total)))
            {
                killedMidway++;
            }
        }

        var import = await CliRunner.RunAsync("import", file, "--data", data, "--json");
        Assert.True(import.ExitCode == 0, import.ToString());
        var copies = CopiesInLedger(data);
        output.WriteLine($"{killedMidway} imports killed midway; the last imported {JsonNode.Parse(import.Stdout)!["lines"]} lines");
        Assert.True(killedMidway > 0, "no import was killed while it wrote: the test proved nothing");
        Assert.All(lines.Select(recorded), key => Assert.True(copies.GetValueOrDefault(key) == 1, $"a line is in the ledger {copies.GetValueOrDefault(key)} times"));
        Assert.Equal(lines.Count, copies.Values.Sum());

        var again = await CliRunner.RunAsync("import", file, "--data", data, "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        var summary = JsonNode.Parse(again.Stdout)!;
        Assert.Equal((0L, (long)lines.Count), ((long)summary["lines"]!, (long)summary["skipped"]!["lines"]!));
        Assert.Equal(lines.Count, LedgerReader.ReadLines(data, Signal.Logs).Count());
        var verify = await CliRunner.RunAsync("verify", "--data", data);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    /// <summary>Runs an import and SIGKILLs it once the ledger holds <paramref name="bytes"/>; false if it finished first.</summary>
    private static async Task<bool> ImportUntilLedgerHoldsAsync(string file, string data, long bytes)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])[ServerProcess.ExecutablePath, "import", file, "--data", data, "--json"])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!process.HasExited && LedgerBytes(data) < bytes && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
        }

        var killed = !process.HasExited;
        if (killed)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        Assert.True(killed || process.ExitCode == 0, new ProcessResult(process.ExitCode, await stdout, await stderr).ToString());
        return killed;
    }

    private static long LedgerBytes(string data) =>
        LedgerSegment.List(data, Signal.Logs).Sum(s => File.Exists(s.DataPath) ? new FileInfo(s.DataPath).Length : 0);

    /// <summary>How often each export request is in the ledger, by what it holds (serve writes its own encoding of a line).</summary>
    private static Dictionary<string, int> CopiesInLedger(string data)
    {
        var copies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in LedgerReader.ReadLines(data, Signal.Logs))
        {
            var key = Key(line);
            copies[key] = copies.GetValueOrDefault(key) + 1;
        }

        return copies;
    }

    private static string Key(string line) => OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(line)).ToByteString().ToBase64();

    // A line of the file as serve records it: stamped with the import as its sender.
    private static string AsRecordedKey(string line) =>
        ServeStamps.AsRecorded(OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(line))).ToByteString().ToBase64();
}
