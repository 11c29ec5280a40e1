using CodexOtel.Config;
using CodexOtel.Setup;
using CodexOtel.Tests.Cli;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Setup;

namespace CodexOtel.Tests.Config;

/// <summary>
/// The <c>[redaction]</c> section: on by default, turned off only explicitly (and doctor says so), user rules as
/// <c>[[redaction.rules]]</c> tables whose mistakes are errors on their line.
/// </summary>
public sealed class RedactionConfigTests : IDisposable
{
    private readonly TempDirectory _sandbox = new("redaction-config");

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Rules_in_the_config_file_are_read_in_order_after_redaction_on_by_default()
    {
        var config = Config("[redaction]\n\n[[redaction.rules]]\nname = \"employee_id\"\npattern = 'EMP-(?<secret>\\d{6})'\n\n[[redaction.rules]]\nname = \"ticket\"\npattern = \"SEC-[0-9]+\"\n");

        var redaction = Resolve(config).Config.Redaction;

        Assert.True(redaction.Enabled);
        Assert.Equal([("employee_id", @"EMP-(?<secret>\d{6})"), ("ticket", "SEC-[0-9]+")], redaction.Rules.Select(r => (r.Name, r.Pattern)));
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("import")]
    public async Task A_rule_whose_pattern_does_not_compile_stops_serve_and_import_naming_the_file_and_line(string command)
    {
        var config = Config("[[redaction.rules]]\nname = \"broken\"\npattern = \"(unclosed\"\n");
        string[] args = command == "import" ? ["import", _sandbox.Sub("nothing")] : ["serve", "--grpc", "127.0.0.1:0", "--http", "127.0.0.1:0"];

        var result = await CliRunner.RunAsync(IsolatedCli.Environment(_sandbox), TimeSpan.FromSeconds(20), [.. args, "--config", config, "--data", _sandbox.Sub("data")]);

        CliRunner.AssertUserErrorWithFix(
            result,
            $"{config}:3: [[redaction.rules]] pattern of broken is not a regular expression codex-otel can run:",
            $"correct the pattern on line 3 (a .NET regular expression, without lookarounds or backreferences");
    }

    [Theory]
    [InlineData("[[redaction.rules]]\nname = \"lookbehind\"\npattern = \"(?<=key=)\\\\w+\"\n", 3, "pattern of lookbehind is not a regular expression codex-otel can run")]
    [InlineData("[[redaction.rules]]\npattern = \"x+\"\n", 1, "[[redaction.rules]] has no name")]
    [InlineData("[[redaction.rules]]\nname = \"jwt\"\npattern = \"x+\"\n", 2, "name = \"jwt\" is not a name a rule can have")]
    [InlineData("[[redaction.rules]]\nname = \"x\"\npattern = \"x+\"\nreplacement = \"y\"\n", 4, "[[redaction.rules]] replacement is not a setting")]
    [InlineData("[[ledger.rules]]\nname = \"x\"\n", 1, "[[ledger.rules]] is not a section codex-otel reads (the lists of tables it reads: [[redaction.rules]])")]
    public void A_mistake_in_a_rule_is_a_problem_on_its_line(string toml, int line, string problem)
    {
        var config = Config(toml);

        var found = Assert.Single(ResolveAll(config).Problems);

        Assert.StartsWith($"{config}:{line}: ", found.Message, StringComparison.Ordinal);
        Assert.Contains(problem, found.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_says_nothing_of_redaction_when_on_and_says_where_it_was_turned_off()
    {
        Assert.Empty(RedactionCheck.Run(ResolveAll(Config("[redaction]\nenabled = true\n"))));
        var file = Config("[redaction]\nenabled = false\n");

        var fromFile = Assert.Single(RedactionCheck.Run(ResolveAll(file)));
        var fromEnvironment = Assert.Single(RedactionCheck.Run(ResolveAll(null, ("CODEX_OTEL_REDACTION_ENABLED", "false"))));

        Assert.Equal(CheckStatus.Info, fromFile.Status);
        Assert.Equal($"redaction is off ({file}:2): secrets that pass through Codex are written to the ledger as sent", fromFile.Message);
        Assert.Equal($"set [redaction] enabled = true in {file} (or remove it), then restart serve", fromFile.Fix);
        Assert.Equal("unset CODEX_OTEL_REDACTION_ENABLED", fromEnvironment.Fix);
    }

    private string Config(string toml)
    {
        var path = Path.Combine(_sandbox.Path, "config.toml");
        File.WriteAllText(path, toml);
        return path;
    }

    private static ResolvedConfig Resolve(string path) => ConfigResolver.Resolve(new ConfigRequest { FilePath = path, Environment = _ => null });

    private static ResolvedConfig ResolveAll(string? path, params (string Name, string Value)[] environment) =>
        ConfigResolver.ResolveAll(new ConfigRequest { FilePath = path, Environment = name => environment.FirstOrDefault(e => e.Name == name).Value });
}
