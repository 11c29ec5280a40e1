using CodexOtel.Tests.Cli;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Importing;

namespace CodexOtel.Tests.Query;

/// <summary>
/// A fixed data folder for the query tests, imported once: three seed conversations (gpt-5) whose records share
/// ledger lines, and the real Codex tool turn (gpt-5.5) with its rollout, so one conversation is ledger+rollout.
/// </summary>
public sealed class RecordedConversations : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("query");

    public string Data => Path.Combine(_dir.Path, "data");

    /// <summary>An empty config folder: no user prices.toml, so costs come from the built-in table only.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = Path.Combine(_dir.Path, "config") };

    public async Task InitializeAsync()
    {
        var seed = ImportTestData.WriteLines(Path.Combine(_dir.Path, "otel-logs.jsonl"), ImportTestData.SeedLines(3));
        var import = await CliRunner.RunAsync(Environment, "import", seed, ImportTestData.FixtureLedger, ImportTestData.FixtureRollout, "--data", Data);
        Assert.True(import.ExitCode == 0, import.ToString());
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
