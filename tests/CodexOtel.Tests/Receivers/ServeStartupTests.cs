using System.Net;
using System.Net.Sockets;
using CodexOtel.Serve;
using CodexOtel.Tests.Cli;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Receivers;

public sealed class ServeStartupTests
{
    [Fact]
    public async Task A_non_loopback_address_without_an_api_key_is_refused_with_the_fix()
    {
        using var dir = new TempDirectory("serve");

        var error = await Assert.ThrowsAsync<ServeException>(() => RecorderHost.StartAsync(Options(dir.Path) with { HttpAddress = "0.0.0.0:0" }));

        Assert.Contains("0.0.0.0:0", error.Message);
        Assert.Contains("--api-key", error.Fix);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t")]
    public async Task An_empty_or_blank_api_key_is_no_key_so_a_non_loopback_address_is_refused_with_the_fix(string key)
    {
        using var dir = new TempDirectory("serve");

        var error = await Assert.ThrowsAsync<ServeException>(() => RecorderHost.StartAsync(Options(dir.Path) with { HttpAddress = "0.0.0.0:0", ApiKey = key }));

        Assert.Contains("the one given is empty", error.Message);
        Assert.Contains("--api-key <secret>", error.Fix);
    }

    [Fact]
    public async Task Serve_refuses_an_empty_api_key_from_the_flag_or_the_config_file_and_an_unset_one_beyond_loopback()
    {
        using var dir = new TempDirectory("serve");
        var config = Path.Combine(dir.Path, "config.toml");
        await File.WriteAllTextAsync(config, "api_key = \"\"\n");
        string[] serve = ["serve", "--data", dir.Path, "--grpc", "127.0.0.1:0", "--http", "0.0.0.0:0"];

        var flag = await CliRunner.RunAsync([.. serve, "--api-key", ""]);
        var env = await CliRunner.RunAsync(new Dictionary<string, string> { ["CODEX_OTEL_API_KEY"] = "" }, serve);
        var file = await CliRunner.RunAsync([.. serve, "--config", config]);

        // An empty key is refused where it is set (see ConfigValidationTests); an empty variable counts as unset.
        CliRunner.AssertUserErrorWithFix(flag, "--api-key \"\" is empty: an empty or blank key is no key", "give --api-key a key");
        CliRunner.AssertUserError(env, "so it needs an API key");
        CliRunner.AssertUserErrorWithFix(file, $"{config}:1: api_key = \"\" is empty", "set api_key to a key that is not blank");
    }

    [Fact]
    public async Task A_non_loopback_address_starts_with_an_api_key()
    {
        using var dir = new TempDirectory("serve");

        await using var host = await RecorderHost.StartAsync(Options(dir.Path) with { HttpAddress = "0.0.0.0:0", ApiKey = "s3cret" });

        Assert.Equal(IPAddress.Any, host.HttpEndPoint.Address);
    }

    [Fact]
    public async Task A_second_recorder_on_the_same_folder_is_refused_before_it_binds()
    {
        using var dir = new TempDirectory("serve");
        await using var first = await RecorderHost.StartAsync(Options(dir.Path));

        var error = await Assert.ThrowsAsync<ServeException>(() => RecorderHost.StartAsync(Options(dir.Path)));

        Assert.Contains("already recording", error.Message);
        Assert.Contains($"pid {Environment.ProcessId}", error.Message);
    }

    [Fact]
    public async Task A_port_in_use_is_named_with_another_port_to_try()
    {
        using var dir = new TempDirectory("serve");
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<ServeException>(() => RecorderHost.StartAsync(Options(dir.Path) with { HttpAddress = $"127.0.0.1:{port}" }));

        Assert.Contains($"127.0.0.1:{port} is in use", error.Message);
        Assert.Contains("--http 127.0.0.1:", error.Fix);
    }

    [Fact]
    public async Task Serve_prints_its_addresses_and_the_codex_config_and_stops_cleanly_on_sigterm()
    {
        using var dir = new TempDirectory("serve");
        await using var server = await ServerProcess.StartAsync(dir.Path);
        await server.WaitForStdoutAsync("Ready in");

        Assert.Contains($"OTLP HTTP   {server.HttpEndpoint.Authority}", server.Stdout);
        Assert.Contains($"endpoint = \"{server.HttpEndpoint}v1/traces\"", server.Stdout);
        Assert.Contains("metrics_exporter", server.Stdout);
        Assert.Equal(0, await server.StopAsync());
        Assert.False(File.Exists(Path.Combine(dir.Path, ServeState.FileName)));
    }

    [Fact]
    public async Task A_bad_listen_address_is_a_one_line_error_without_a_stack_trace()
    {
        using var dir = new TempDirectory("serve");

        var result = await CliRunner.RunAsync("serve", "--data", dir.Path, "--http", "nonsense");

        CliRunner.AssertUserError(result, "--http \"nonsense\" is not HOST:PORT");
    }

    [Fact]
    public async Task Flags_win_over_environment_variables_which_win_over_the_config_file()
    {
        using var dir = new TempDirectory("serve");
        var config = Path.Combine(dir.Path, "config.toml");
        await File.WriteAllTextAsync(config, "http = \"from-file\"\n[ledger]\nmax_segment_mb = 64\n");
        var env = new Dictionary<string, string> { ["CODEX_OTEL_HTTP"] = "from-env" };

        var fileOnly = await CliRunner.RunAsync("serve", "--data", dir.Path, "--config", config);
        var envOverFile = await CliRunner.RunAsync(env, "serve", "--data", dir.Path, "--config", config);
        var flagOverEnv = await CliRunner.RunAsync(env, "serve", "--data", dir.Path, "--config", config, "--http", "from-flag");

        CliRunner.AssertUserError(fileOnly, "\"from-file\" is not HOST:PORT");
        CliRunner.AssertUserError(envOverFile, "\"from-env\" is not HOST:PORT");
        CliRunner.AssertUserError(flagOverEnv, "\"from-flag\" is not HOST:PORT");
    }

    [Fact]
    public async Task A_broken_config_file_is_named_with_its_problem()
    {
        using var dir = new TempDirectory("serve");
        var config = Path.Combine(dir.Path, "config.toml");
        await File.WriteAllTextAsync(config, "http = [unclosed\n");

        var result = await CliRunner.RunAsync("serve", "--data", dir.Path, "--config", config);

        CliRunner.AssertUserError(result, "is not valid TOML");
    }

    private static ServeOptions Options(string dir) => new() { DataDir = dir, GrpcAddress = "127.0.0.1:0", HttpAddress = "127.0.0.1:0" };
}
