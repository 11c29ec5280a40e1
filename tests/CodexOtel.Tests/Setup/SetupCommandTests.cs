using CodexOtel.Setup;
using CodexOtel.Tests.Cli;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Setup;

/// <summary><c>codex-otel setup codex</c> run as a user would: what it prints, writes, backs up and leaves alone.</summary>
public sealed class SetupCommandTests
{
    private const string Original = """
        # my Codex settings
        model = "gpt-5.5"   # default model

        [model_providers.mock]
        name = "Mock"

        """;

    private static readonly string Configured = CodexConfigEdit.Apply(Original, "config.toml", new SetupRequest("http://127.0.0.1:4318", "binary", null, false));

    [Fact]
    public async Task Setup_writes_the_otel_section_shows_the_diff_and_keeps_a_private_backup_of_the_old_file()
    {
        using var sandbox = new TempDirectory("setup");
        var config = WriteConfig(sandbox, Original, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var result = await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--codex-home", Path.GetDirectoryName(config)!, "--data", sandbox.Sub("data"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Configured, File.ReadAllText(config));
        Assert.Contains($"--- {config}\n+++ {config}\n@@ -3,3 +3,8 @@\n", result.Stdout);
        Assert.Contains("+metrics_exporter = { otlp-http = { endpoint = \"http://127.0.0.1:4318/v1/metrics\", protocol = \"binary\" } }\n", result.Stdout);
        Assert.Contains("recorder      http://127.0.0.1:4318 — serve's default", result.Stdout);
        Assert.Contains("next: start the recorder (codex-otel serve)", result.Stdout);

        var backup = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(config)!, "config.toml.bak-*"));
        Assert.Matches(@"config\.toml\.bak-\d{8}T\d{6}Z$", backup);
        Assert.Equal(Original, File.ReadAllText(backup));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
        Assert.Contains($"the old file is saved as {backup}", result.Stdout);

        // The config keeps its mode: it holds no secret.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(config));
    }

    [Fact]
    public async Task A_second_run_changes_nothing_says_so_and_makes_no_backup()
    {
        using var sandbox = new TempDirectory("setup");
        var config = WriteConfig(sandbox, Configured);
        var before = File.GetLastWriteTimeUtc(config);

        var result = await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--codex-home", Path.GetDirectoryName(config)!, "--data", sandbox.Sub("data"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("✔ Codex already sends logs, traces and metrics there (binary) — nothing to change.", result.Stdout);
        Assert.DoesNotContain("---", result.Stdout);
        Assert.Equal(Configured, File.ReadAllText(config));
        Assert.Equal(before, File.GetLastWriteTimeUtc(config));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(config)!, "*.bak-*"));
    }

    [Fact]
    public async Task A_dry_run_shows_the_change_and_writes_nothing()
    {
        using var sandbox = new TempDirectory("setup");
        var config = WriteConfig(sandbox, Original);

        var result = await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--codex-home", Path.GetDirectoryName(config)!, "--data", sandbox.Sub("data"), "--dry-run", "--log-prompts");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("+log_user_prompt = true\n", result.Stdout);
        Assert.Contains("dry run: nothing was written", result.Stdout);
        Assert.Equal(Original, File.ReadAllText(config));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(config)!));
    }

    [Fact]
    public async Task An_unparsable_config_is_reported_with_line_and_column_and_left_untouched()
    {
        using var sandbox = new TempDirectory("setup");
        const string broken = "model = \"gpt-5.5\"\n[otel\nexporter = 1\n";
        var config = WriteConfig(sandbox, broken);

        var result = await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--codex-home", Path.GetDirectoryName(config)!, "--data", sandbox.Sub("data"));

        CliRunner.AssertUserError(result, $"{config} is not valid TOML: line 2, column 6:");
        Assert.Contains("Nothing was changed.", result.Stderr);
        Assert.Contains("fix: correct line 2 of", result.Stderr);
        Assert.Equal(broken, File.ReadAllText(config));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(config)!));
    }

    [Fact]
    public async Task Without_a_config_file_CODEX_HOME_is_used_and_a_private_file_is_created()
    {
        using var sandbox = new TempDirectory("setup");
        var home = Path.Combine(sandbox.Path, "fresh-codex-home");

        var result = await IsolatedCli.RunAsync(
            sandbox,
            new Dictionary<string, string> { ["CODEX_HOME"] = home },
            "setup",
            "codex",
            "--data",
            sandbox.Sub("data"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var config = Path.Combine(home, "config.toml");
        Assert.Equal(CodexConfigEdit.Apply("", config, new SetupRequest("http://127.0.0.1:4318", "binary", null, false)), File.ReadAllText(config));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        Assert.Contains($"Codex config  {config} (does not exist yet)", result.Stdout);
        Assert.Contains("--- /dev/null\n", result.Stdout);
        Assert.Contains($"✔ wrote {config}\n", result.Stdout);
    }

    [Fact]
    public async Task Without_codex_home_or_CODEX_HOME_the_config_is_dot_codex_in_the_home_folder()
    {
        using var sandbox = new TempDirectory("setup");

        var result = await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--data", sandbox.Sub("data"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(sandbox.Sub("home"), ".codex", "config.toml")), result.ToString());
        Assert.Contains("Codex config  ~/.codex/config.toml (does not exist yet)", result.Stdout);
    }

    [Fact]
    public async Task The_endpoint_is_the_running_serves_and_its_api_key_is_sent_but_never_printed()
    {
        const string key = "k3y-from-the-environment";
        using var sandbox = new TempDirectory("setup");
        await using var recorder = await InProcessRecorder.StartAsync(apiKey: key);
        var config = WriteConfig(sandbox, Original, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var result = await IsolatedCli.RunAsync(
            sandbox,
            new Dictionary<string, string> { ["CODEX_OTEL_API_KEY"] = key },
            "setup",
            "codex",
            "--codex-home",
            Path.GetDirectoryName(config)!,
            "--data",
            recorder.DataDir);

        Assert.True(result.ExitCode == 0, result.ToString());
        var baseUrl = recorder.HttpEndpoint.GetLeftPart(UriPartial.Authority);
        Assert.Contains($"recorder      {baseUrl} — the running serve (pid {Environment.ProcessId})", result.Stdout);
        Assert.DoesNotContain(key, result.Stdout);
        Assert.Contains("\"authorization\" = \"Bearer ********\"", result.Stdout);
        Assert.Contains("with the API key (authorization: Bearer …, from CODEX_OTEL_API_KEY)", result.Stdout);
        Assert.Contains("next: use Codex", result.Stdout);

        var settings = CodexOtelSettings.Read(File.ReadAllText(config));
        Assert.All(settings.Exporters, e =>
        {
            Assert.Equal($"{baseUrl}/v1/{e.Signal.ToString().ToLowerInvariant()}", e.Endpoint);
            Assert.Equal($"Bearer {key}", e.Header("authorization"));
        });

        // It holds a secret now: readable by its owner only.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        Assert.Contains("can now only be read by you (it holds the API key)", result.Stdout);
    }

    [Fact]
    public async Task Log_prompts_turns_prompt_logging_on_and_says_what_that_records()
    {
        using var sandbox = new TempDirectory("setup");
        var config = WriteConfig(sandbox, Original);
        var data = sandbox.Sub("data");

        var result = await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--codex-home", Path.GetDirectoryName(config)!, "--data", data, "--log-prompts", "--protocol", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("log_user_prompt = true\n", File.ReadAllText(config));
        Assert.Contains("protocol = \"json\"", File.ReadAllText(config));
        Assert.Contains("prompts: recorded verbatim. log_user_prompt = true makes Codex send the full text of every prompt you type", result.Stdout);
        Assert.Contains("\"[REDACTED]\"", result.Stdout);
        Assert.Contains($"private ledger in {data} (folder 0700, files 0600)", result.Stdout);
    }

    [Fact]
    public async Task An_endpoint_with_a_signal_path_is_reduced_to_its_base_and_bad_options_are_user_errors()
    {
        using var sandbox = new TempDirectory("setup");
        var config = WriteConfig(sandbox, "");
        var home = Path.GetDirectoryName(config)!;

        var result = await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--codex-home", home, "--endpoint", "localhost:9318/v1/logs/");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("endpoint = \"http://localhost:9318/v1/traces\"", File.ReadAllText(config));

        CliRunner.AssertUserError(await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--codex-home", home, "--protocol", "grpc"), "--protocol \"grpc\" is not one Codex knows.");
        CliRunner.AssertUserError(await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--codex-home", home, "--endpoint", "ftp://x"), "is not an http URL");
    }

    [Fact]
    public async Task A_config_that_is_a_symbolic_link_stays_one_and_its_target_is_updated()
    {
        using var sandbox = new TempDirectory("setup");
        var dotfiles = sandbox.Sub("dotfiles");
        var target = Path.Combine(dotfiles, "codex.toml");
        File.WriteAllText(target, Original);
        var home = sandbox.Sub("codex-home");
        var config = Path.Combine(home, "config.toml");
        File.CreateSymbolicLink(config, "../dotfiles/codex.toml");

        var result = await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--codex-home", home, "--data", sandbox.Sub("data"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("../dotfiles/codex.toml", new FileInfo(config).LinkTarget);
        Assert.Equal(Configured, File.ReadAllText(target));
        Assert.Contains($"✔ wrote {config} → {target}", result.Stdout);
    }

    [Theory]
    [InlineData("nowhere.toml", "is a symbolic link to {home}/nowhere.toml, which does not exist", "create {home}/nowhere.toml")]
    [InlineData("config.toml", "is a symbolic link to {home}/config.toml that does not lead to a file", "point the link at a file, or remove it")]
    public async Task A_config_that_is_a_dangling_or_looping_symbolic_link_is_explained_and_left_alone(string linkTarget, string problem, string fix)
    {
        using var sandbox = new TempDirectory("setup");
        var home = sandbox.Sub("codex-home");
        var config = Path.Combine(home, "config.toml");
        File.CreateSymbolicLink(config, linkTarget);

        var result = await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--codex-home", home, "--data", sandbox.Sub("data"));

        CliRunner.AssertUserErrorWithFix(result, $"{config} {problem.Replace("{home}", home, StringComparison.Ordinal)}", fix.Replace("{home}", home, StringComparison.Ordinal));
        Assert.Equal(linkTarget, new FileInfo(config).LinkTarget);
        Assert.Single(Directory.GetFileSystemEntries(home));
    }

    [Fact]
    public async Task A_config_nested_a_hundred_thousand_levels_deep_is_refused_with_the_reason()
    {
        using var sandbox = new TempDirectory("setup");
        var nested = "a = " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        var config = WriteConfig(sandbox, nested);

        var result = await IsolatedCli.RunAsync(sandbox, "setup", "codex", "--codex-home", Path.GetDirectoryName(config)!, "--data", sandbox.Sub("data"));

        CliRunner.AssertUserErrorWithFix(result, $"{config} cannot be read: arrays or tables are nested more than 64 levels deep. Nothing was changed.", $"correct {config}");
        Assert.Equal(nested, File.ReadAllText(config));
    }

    private static string WriteConfig(TempDirectory sandbox, string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var config = Path.Combine(sandbox.Sub("codex-home"), "config.toml");
        File.WriteAllText(config, text);
        File.SetUnixFileMode(config, mode);
        return config;
    }
}
