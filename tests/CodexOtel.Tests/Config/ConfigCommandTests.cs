using System.Text.Json.Nodes;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Setup;

namespace CodexOtel.Tests.Config;

/// <summary><c>codex-otel config</c>: every setting's effective value and where it came from; the API key never shown.</summary>
public sealed class ConfigCommandTests : IDisposable
{
    private const string Key = "k3y-0123456789-abcdef-wxyz";

    private readonly TempDirectory _sandbox = new("config");

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Config_shows_each_value_with_its_flag_variable_file_line_or_default()
    {
        var (config, data) = Setup();

        var result = await IsolatedCli.RunAsync(_sandbox, Variables, "config", "--config", config, "--data", data);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"config file  {config}", result.Stdout);
        Assert.Matches($@"\n data +{Regex(data)} +flag --data\n", result.Stdout);
        Assert.Matches(@"\n http +127\.0\.0\.1:9318 +env CODEX_OTEL_HTTP\n", result.Stdout);
        Assert.Matches($@"\n grpc +127\.0\.0\.1:9317 +file {Regex(config)}:1\n", result.Stdout);
        Assert.Matches($@"\n api_key +••••wxyz +file {Regex(config)}:3\n", result.Stdout);
        Assert.Matches($@"\n ledger\.max_segment_mb +16 +file {Regex(config)}:5\n", result.Stdout);
        Assert.Matches(@"\n ledger\.max_segment_age_hours +24 +default\n", result.Stdout);
        Assert.Matches(@"\n limits\.max_request_mb +20 +default\n", result.Stdout);
        Assert.DoesNotContain(Key, result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Config_json_gives_each_value_its_source_and_where_and_masks_the_api_key()
    {
        var (config, data) = Setup();

        var result = await IsolatedCli.RunAsync(_sandbox, Variables, "config", "--config", config, "--data", data, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal(config, (string?)json["file"]);
        Assert.True((bool)json["file_found"]!);
        var settings = json["settings"]!.AsArray().ToDictionary(s => (string)s!["key"]!, s => s!);
        Assert.Equal((data, "flag", "--data"), ((string?)settings["data"]["value"], (string?)settings["data"]["source"], (string?)settings["data"]["where"]));
        Assert.Equal(("127.0.0.1:9318", "environment", "CODEX_OTEL_HTTP"), ((string?)settings["http"]["value"], (string?)settings["http"]["source"], (string?)settings["http"]["where"]));
        Assert.Equal(("127.0.0.1:9317", "file", $"{config}:1"), ((string?)settings["grpc"]["value"], (string?)settings["grpc"]["source"], (string?)settings["grpc"]["where"]));
        Assert.Equal((16L, "file", $"{config}:5"), ((long)settings["ledger.max_segment_mb"]["value"]!, (string?)settings["ledger.max_segment_mb"]["source"], (string?)settings["ledger.max_segment_mb"]["where"]));
        Assert.Equal((true, "default"), ((bool)settings["ledger.compress"]["value"]!, (string?)settings["ledger.compress"]["source"]));
        Assert.Equal(("CODEX_OTEL_LEDGER_MAX_SEGMENT_AGE_HOURS", "a number from 1 to 8784"), ((string?)settings["ledger.max_segment_age_hours"]["env"], (string?)settings["ledger.max_segment_age_hours"]["valid"]));
        Assert.Equal("••••wxyz", (string?)settings["api_key"]["value"]);
        Assert.DoesNotContain(Key, result.Stdout);
    }

    [Fact]
    public async Task Without_a_config_file_every_value_is_a_default_and_a_short_api_key_is_only_said_to_be_set()
    {
        var result = await IsolatedCli.RunAsync(
            _sandbox, new Dictionary<string, string> { ["CODEX_OTEL_API_KEY"] = "short" }, "config", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.False((bool)json["file_found"]!);
        var settings = json["settings"]!.AsArray();
        Assert.All(settings.Where(s => (string?)s!["key"] != "api_key"), s => Assert.Equal("default", (string?)s!["source"]));
        var key = settings.Single(s => (string?)s!["key"] == "api_key")!;
        Assert.Equal(("(set)", "environment"), ((string?)key["value"], (string?)key["source"]));
        Assert.Equal(Path.Combine(_sandbox.Sub("xdg-data"), "codex-otel"), (string?)settings.Single(s => (string?)s!["key"] == "data")!["value"]);
    }

    private static Dictionary<string, string> Variables => new() { ["CODEX_OTEL_HTTP"] = "127.0.0.1:9318", ["CODEX_OTEL_GRPC"] = "" };

    private (string Config, string Data) Setup()
    {
        var config = Path.Combine(_sandbox.Path, "config.toml");
        File.WriteAllText(config, $"grpc = \"127.0.0.1:9317\"\nhttp = \"127.0.0.1:1\"\napi_key = \"{Key}\"\n[ledger]\nmax_segment_mb = 16\n");
        return (config, Path.Combine(_sandbox.Path, "data"));
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
