using System.IO.Compression;
using System.Text;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Importing;
using CodexOtel.Tests.Setup;

namespace CodexOtel.Tests.Cli;

/// <summary>
/// Mistakes on the command line and in the files it names are told as an <c>error:</c> and a <c>fix:</c> line with exit
/// code 2 — never the parser's help text, a .NET type name, a stack trace or "this is a bug in codex-otel".
/// </summary>
public sealed class CommandLineErrorTests : IDisposable
{
    private readonly TempDirectory _sandbox = new("cli-errors");

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData("--limit abc is not a whole number from 1 to 100,000.", "codex-otel list --limit 50", "list", "--limit", "abc")]
    [InlineData("--limit 99999999999 is not a whole number from 1 to 100,000.", "codex-otel search --limit 20", "search", "words", "--limit", "99999999999")]
    [InlineData("--format xml is not one of jsonl, csv, md.", "codex-otel export --format jsonl", "export", "--format", "xml")]
    [InlineData("\"frob\" is not a codex-otel command.", "see codex-otel --help (commands: serve, list,", "frob")]
    public async Task A_value_the_parser_cannot_read_names_the_option_and_the_value_and_says_what_to_type(string problem, string fix, params string[] args)
    {
        var result = await IsolatedCli.RunAsync(_sandbox, args);

        CliRunner.AssertUserErrorWithFix(result, problem, fix);
        Assert.DoesNotContain("System.Int32", result.Stderr);
    }

    [Fact]
    public async Task Codex_otel_alone_prints_its_commands_and_succeeds()
    {
        var result = await IsolatedCli.RunAsync(_sandbox);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("serve", result.Stdout);
        Assert.Contains("doctor", result.Stdout);
        Assert.DoesNotContain("error:", result.Stderr);
    }

    [Fact]
    public async Task An_age_too_far_back_for_a_date_names_the_valid_range()
    {
        var data = Path.Combine(_sandbox.Path, "data");
        var import = await CliRunner.RunAsync("import", ImportTestData.FixtureLedger, "--data", data);
        Assert.True(import.ExitCode == 0, import.ToString());

        var result = await IsolatedCli.RunAsync(_sandbox, "list", "--since", "99999999d", "--data", data);

        CliRunner.AssertUserErrorWithFix(result, "--since 99999999d is out of range: an age goes back at most 36500 days (100 years).", "--since 30d");
    }

    [Theory]
    [InlineData("serve", "--grpc", "127.0.0.1:0", "--http", "127.0.0.1:0")]
    [InlineData("import")]
    public async Task A_data_folder_that_is_a_regular_file_is_refused_by_name(string command, params string[] more)
    {
        var file = Path.Combine(_sandbox.Path, "not-a-folder");
        File.WriteAllText(file, "x");
        string[] args = command == "import" ? ["import", ImportTestData.FixtureLedger, "--data", file] : [command, "--data", file, .. more];

        var result = await IsolatedCli.RunAsync(_sandbox, args);

        CliRunner.AssertUserErrorWithFix(result, $"the data folder {file} is a file, not a folder.", "give a folder with --data DIR");
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(2048)]
    [InlineData(4096)] // once wrapped around to 0 bytes: serve started and answered 413 to everything
    public async Task A_request_limit_out_of_range_in_the_config_file_is_refused_with_its_file_and_line(int megabytes)
    {
        var config = Path.Combine(_sandbox.Path, "serve.toml");
        File.WriteAllText(config, $"grpc = \"127.0.0.1:0\"\nhttp = \"127.0.0.1:0\"\n\n[limits]\nmax_request_mb = {megabytes}\n");

        var result = await CliRunner.RunAsync(
            IsolatedCli.Environment(_sandbox), TimeSpan.FromSeconds(20), "serve", "--config", config, "--data", Path.Combine(_sandbox.Path, "data"));

        CliRunner.AssertUserErrorWithFix(
            result, $"{config}:5: [limits] max_request_mb = {megabytes} is out of range (1–64)", $"set max_request_mb to a number from 1 to 64 in {config}");
    }

    [Fact]
    public async Task Importing_a_named_pipe_fails_at_once_instead_of_waiting_for_a_writer()
    {
        var pipe = Path.Combine(_sandbox.Path, "otel-logs.jsonl");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [pipe]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var result = await CliRunner.RunAsync(
            IsolatedCli.Environment(_sandbox), TimeSpan.FromSeconds(20), "import", pipe, "--data", Path.Combine(_sandbox.Path, "data"));

        CliRunner.AssertUserErrorWithFix(result, $"{pipe} is a named pipe, device or socket, not a file", "save what it carries to a file first");
    }

    [Fact]
    public async Task A_line_longer_than_import_reads_fails_early_with_its_number_in_bounded_memory()
    {
        // 512 MiB of one line in ~0.5 MB of gzip; the importer may hold 384 MiB (a generous bound: it stops at 64 MiB).
        var file = Path.Combine(_sandbox.Path, "otel-logs.jsonl.gz");
        using (var gzip = new GZipStream(File.Create(file), CompressionLevel.Fastest))
        {
            gzip.Write("{\"resourceLogs\":[{\"x\":\""u8);
            var chunk = Encoding.ASCII.GetBytes(new string('a', 1 << 20));
            for (var i = 0; i < 512; i++)
            {
                gzip.Write(chunk);
            }
        }

        var environment = IsolatedCli.Environment(_sandbox, new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x18000000" });
        var result = await CliRunner.RunAsync(environment, TimeSpan.FromSeconds(30), "import", file, "--data", Path.Combine(_sandbox.Path, "data"));

        CliRunner.AssertUserErrorWithFix(result, $"line 1 of {file} is longer than 64 MiB", $"leave {file} out of the import");
    }
}
