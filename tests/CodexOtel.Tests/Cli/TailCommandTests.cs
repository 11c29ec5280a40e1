using System.Diagnostics;
using System.Text;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Importing;

namespace CodexOtel.Tests.Cli;

/// <summary><c>codex-otel tail</c>: Codex events as one-liners, the last ones or those since a time, and as they arrive.</summary>
public sealed class TailCommandTests
{
    [Fact]
    public async Task Tail_prints_the_last_events_as_one_liners_with_time_conversation_label_and_text()
    {
        using var dir = new TempDirectory("tail");
        var data = await ImportedAsync(dir, ImportTestData.SeedLines(3));

        var tail = await CliRunner.RunAsync("tail", "-n", "3", "--tz", "UTC", "--data", data);

        Assert.True(tail.ExitCode == 0, tail.ToString());
        Assert.Equal(
        [
            $"{Time("18:39:14.913")}  {ImportTestData.Id(3)[..12]}  model      gpt-5 · in 1,003 (100 cached) · out 20 (5 reasoning)",
            $"{Time("18:39:14.923")}  {ImportTestData.Id(3)[..12]}  decision   exec_command · approved (by config)",
            $"{Time("18:39:14.963")}  {ImportTestData.Id(3)[..12]}  tool       exec_command {{\"cmd\":\"ls\"}} · 12 ms · ok",
        ],
            tail.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Tail_since_a_time_prints_only_the_events_from_then_on()
    {
        using var dir = new TempDirectory("tail");
        var data = await ImportedAsync(dir, ImportTestData.SeedLines(3));

        var tail = await CliRunner.RunAsync("tail", "--since", "2026-11-23T18:39:14", "--tz", "UTC", "--data", data);

        Assert.True(tail.ExitCode == 0, tail.ToString());
        var lines = tail.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Contains(ImportTestData.Id(3)[..12], l));
        Assert.Contains(lines, l => l.Contains("prompt     task 3: list the files", StringComparison.Ordinal));
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task Tail_follow_prints_an_event_as_it_arrives_without_serve()
    {
        using var dir = new TempDirectory("tail");
        var data = await ImportedAsync(dir, ImportTestData.SeedLines(1));
        using var tail = TailProcess.Start(data);
        await tail.WaitForAsync("task 1: list the files");

        var more = ImportTestData.WriteLines(Path.Combine(dir.Path, "more", "otel-logs.jsonl"), [ImportTestData.Line(Codex.CodexRecords.Request(ImportTestData.Conversation(7)))]);
        var import = await CliRunner.RunAsync("import", more, "--data", data, "--no-index");
        Assert.True(import.ExitCode == 0, import.ToString());

        await tail.WaitForAsync("task 7: list the files");
        await tail.WaitForAsync($"{ImportTestData.Id(7)[..12]}  tool       exec_command");
    }

    [Fact]
    public async Task Tail_follow_prints_what_serve_records()
    {
        using var dir = new TempDirectory("tail");
        var data = dir.Sub("data");
        await using var server = await ServerProcess.StartAsync(data);
        using var tail = TailProcess.Start(data);
        await tail.WaitForAsync("waiting for Codex events", stderr: true);

        var seed = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), ImportTestData.SeedLines(2));
        var import = await CliRunner.RunAsync("import", seed, "--data", data);
        Assert.True(import.ExitCode == 0, import.ToString());

        await tail.WaitForAsync("task 2: list the files");
    }

    // Today's events show the time to the millisecond, older ones their date.
    private static string Time(string utc) =>
        DateTime.UtcNow.Date == new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc) ? utc : "2026-11-23 " + utc[..8];

    private static async Task<string> ImportedAsync(TempDirectory dir, IEnumerable<string> lines)
    {
        var data = Path.Combine(dir.Path, "data");
        var seed = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel", "otel-logs.jsonl"), lines);
        var import = await CliRunner.RunAsync("import", seed, "--data", data);
        Assert.True(import.ExitCode == 0, import.ToString());
        return data;
    }

    /// <summary><c>codex-otel tail -f</c> running in the background, its output collected as it comes.</summary>
    private sealed class TailProcess : IDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

        private readonly Process _process;
        private readonly StringBuilder _stdout = new();
        private readonly StringBuilder _stderr = new();

        private TailProcess(Process process) => _process = process;

        public static TailProcess Start(string data)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in (string[])[ServerProcess.ExecutablePath, "tail", "-f", "--tz", "UTC", "--data", data])
            {
                start.ArgumentList.Add(arg);
            }

            var tail = new TailProcess(new Process { StartInfo = start });
            tail._process.OutputDataReceived += (_, e) => Append(tail._stdout, e.Data);
            tail._process.ErrorDataReceived += (_, e) => Append(tail._stderr, e.Data);
            tail._process.Start();
            tail._process.BeginOutputReadLine();
            tail._process.BeginErrorReadLine();
            return tail;
        }

        public async Task WaitForAsync(string text, bool stderr = false)
        {
            var clock = Stopwatch.StartNew();
            while (!Read(stderr ? _stderr : _stdout).Contains(text, StringComparison.Ordinal))
            {
                Assert.False(_process.HasExited, $"tail exited with {(_process.HasExited ? _process.ExitCode : 0)}\n{Read(_stdout)}\n{Read(_stderr)}");
                Assert.True(clock.Elapsed < Timeout, $"tail -f did not print \"{text}\" within {Timeout}:\n{Read(_stdout)}\n{Read(_stderr)}");
                await Task.Delay(50);
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        private static void Append(StringBuilder output, string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }

        private static string Read(StringBuilder output)
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }
}
