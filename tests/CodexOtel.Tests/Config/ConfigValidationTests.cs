using CodexOtel.Tests.Cli;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Setup;

namespace CodexOtel.Tests.Config;

/// <summary>
/// Whatever a setting is set by — the config file, a CODEX_OTEL_* variable or a flag — a value codex-otel cannot use
/// stops every command with where it was set, the key and what is valid (exit 2, error: and fix:), never ignored.
/// </summary>
public sealed class ConfigValidationTests : IDisposable
{
    private readonly TempDirectory _sandbox = new("config");

    public void Dispose() => _sandbox.Dispose();

    [Theory]
    [InlineData("config")]
    [InlineData("list")]
    [InlineData("serve")]
    public async Task A_misspelt_key_is_an_error_naming_the_file_line_and_the_key_it_was_probably_meant_to_be(string command)
    {
        var config = Config("[ledger]\nmax_segment_mb = 16\nmax_segment_age = 48\n");

        var result = await RunAsync(command, "--config", config);

        CliRunner.AssertUserErrorWithFix(
            result,
            $"{config}:3: [ledger] max_segment_age is not a setting — did you mean max_segment_age_hours?",
            $"rename it to max_segment_age_hours in {config}");
    }

    [Fact]
    public async Task A_key_written_outside_its_section_is_named_with_the_section_it_belongs_in()
    {
        var config = Config("data = \"~/audit\"\nmax_segment_mb = 16\n");

        var result = await RunAsync("config", "--config", config);

        CliRunner.AssertUserErrorWithFix(result, $"{config}:2: max_segment_mb is not a setting — did you mean [ledger] max_segment_mb?", $"move it under [ledger] in {config}");
    }

    [Fact]
    public async Task An_unknown_section_is_an_error_with_the_section_it_was_probably_meant_to_be()
    {
        var config = Config("[ledgr]\ncompress = false\n");

        var result = await RunAsync("config", "--config", config);

        CliRunner.AssertUserErrorWithFix(result, $"{config}:1: [ledgr] is not a section codex-otel reads — did you mean [ledger]?", $"rename it to [ledger] in {config}");
    }

    [Theory]
    [InlineData("[ledger]\nmax_segment_mb = \"16\"\n", "[ledger] max_segment_mb = \"16\" is a string; it must be a number from 1 to 65536")]
    [InlineData("[ledger]\ncompress = \"yes\"\n", "[ledger] compress = \"yes\" is a string; it must be true or false")]
    [InlineData("[ledger]\nmax_segment_mb = 16.5\n", "[ledger] max_segment_mb = 16.5 is a decimal number; it must be a number from 1 to 65536")]
    [InlineData("\ninsecure = 1\n", "insecure = 1 is a whole number; it must be true or false")]
    [InlineData("\nlog_format = \"xml\"\n", "log_format = \"xml\" is not text or json")]
    public async Task A_value_of_the_wrong_type_is_an_error_naming_the_file_line_key_and_what_is_valid(string toml, string problem)
    {
        var config = Config(toml);

        var result = await RunAsync("list", "--config", config);

        CliRunner.AssertUserErrorWithFix(result, $"{config}:2: {problem}", $"in {config}, or remove it for the default");
    }

    [Theory]
    [InlineData("[ledger]\nmax_segment_age_hours = 0\n", "[ledger] max_segment_age_hours = 0 is out of range (1–8784)", "set max_segment_age_hours to a number from 1 to 8784")]
    [InlineData("[ledger]\nmax_segment_mb = 65537\n", "[ledger] max_segment_mb = 65537 is out of range (1–65536)", "set max_segment_mb to a number from 1 to 65536")]
    [InlineData("[limits]\nmax_request_mb = 65\n", "[limits] max_request_mb = 65 is out of range (1–64)", "set max_request_mb to a number from 1 to 64")]
    public async Task A_value_out_of_range_is_an_error_naming_the_file_line_key_and_the_range(string toml, string problem, string fix)
    {
        var config = Config(toml);

        var result = await RunAsync("import", ImportingFixture, "--config", config);

        CliRunner.AssertUserErrorWithFix(result, $"{config}:2: {problem}", $"{fix} in {config}");
    }

    [Fact]
    public async Task An_empty_api_key_in_the_config_file_is_an_error_with_its_line_even_on_loopback()
    {
        var config = Config("http = \"127.0.0.1:4318\"\napi_key = \"\"\n");

        var result = await RunAsync("setup", "codex", "--dry-run", "--config", config);

        CliRunner.AssertUserErrorWithFix(result, $"{config}:2: api_key = \"\" is empty: an empty or blank key is no key", $"set api_key to a key that is not blank");
    }

    [Fact]
    public async Task A_blank_api_key_in_the_environment_is_an_error_naming_the_variable()
    {
        var result = await RunAsync(new Dictionary<string, string> { ["CODEX_OTEL_API_KEY"] = "  " }, "setup", "codex", "--dry-run");

        CliRunner.AssertUserErrorWithFix(result, "CODEX_OTEL_API_KEY=\"  \" is empty: an empty or blank key is no key", "set CODEX_OTEL_API_KEY to a key that is not blank");
    }

    [Theory]
    [InlineData("setup", "codex", "--dry-run")]
    [InlineData("import", "--no-index")]
    public async Task An_empty_api_key_flag_is_an_error_naming_the_flag(params string[] command)
    {
        string[] args = command[0] == "import" ? [.. command, ImportingFixture] : command;

        var result = await RunAsync([.. args, "--api-key", ""]);

        CliRunner.AssertUserErrorWithFix(result, "--api-key \"\" is empty: an empty or blank key is no key", "give --api-key a key that is not blank");
    }

    [Theory]
    [InlineData("CODEX_OTEL_INSECURE", "maybe", "is not true or false (or 1 or 0)", "set CODEX_OTEL_INSECURE to true or false")]
    [InlineData("CODEX_OTEL_LEDGER_MAX_SEGMENT_MB", "lots", "is not a number from 1 to 65536", "set CODEX_OTEL_LEDGER_MAX_SEGMENT_MB to a number from 1 to 65536")]
    [InlineData("CODEX_OTEL_GRPC", "example.com:4317", "is not HOST:PORT with an IP address", "set CODEX_OTEL_GRPC to HOST:PORT")]
    public async Task An_environment_variable_codex_otel_cannot_use_is_an_error_naming_it_and_what_is_valid(string variable, string value, string problem, string fix)
    {
        var result = await RunAsync(new Dictionary<string, string> { [variable] = value }, "list");

        CliRunner.AssertUserErrorWithFix(result, $"{variable}=\"{value}\" {problem}", fix);
    }

    [Fact]
    public async Task Doctor_reports_every_config_problem_as_a_check_and_goes_on_with_the_rest()
    {
        var config = Config("[ledger]\nmax_segment_age = 48\n[limits]\nmax_request_mb = 100\n");

        var result = await RunAsync("doctor", "--config", config);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"✘ {config}:2: [ledger] max_segment_age is not a setting — did you mean max_segment_age_hours?", result.Stdout);
        Assert.Contains($"✘ {config}:4: [limits] max_request_mb = 100 is out of range (1–64)", result.Stdout);
        Assert.Contains("the recorder is not running", result.Stdout);
    }

    private static string ImportingFixture => Importing.ImportTestData.FixtureLedger;

    private string Config(string toml)
    {
        var path = Path.Combine(_sandbox.Path, "config.toml");
        File.WriteAllText(path, toml);
        return path;
    }

    private Task<ProcessResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    private Task<ProcessResult> RunAsync(Dictionary<string, string> environment, params string[] args) =>
        CliRunner.RunAsync(
            IsolatedCli.Environment(_sandbox, environment),
            TimeSpan.FromSeconds(20),
            [.. args, "--data", Path.Combine(_sandbox.Path, "data")]);
}
