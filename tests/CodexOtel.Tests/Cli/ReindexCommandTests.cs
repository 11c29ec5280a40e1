using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Importing;

namespace CodexOtel.Tests.Cli;

/// <summary><c>codex-otel reindex</c>: the index thrown away and rebuilt from the ledger answers exactly as before.</summary>
public sealed class ReindexCommandTests
{
    [Fact]
    public async Task Reindex_rebuilds_an_index_that_lists_shows_and_searches_the_same()
    {
        using var dir = new TempDirectory("reindex");
        var data = Path.Combine(dir.Path, "data");
        var seed = ImportTestData.WriteLines(Path.Combine(dir.Path, "otel-logs.jsonl"), ImportTestData.SeedLines(4));
        var import = await CliRunner.RunAsync("import", seed, ImportTestData.FixtureLedger, ImportTestData.FixtureRollout, "--data", data);
        Assert.True(import.ExitCode == 0, import.ToString());
        string[][] queries = [["list", "--json"], ["show", ImportTestData.FixtureConversation, "--json"], ["search", "files", "--json"], ["usage", "--json"]];
        var before = await Task.WhenAll(queries.Select(q => CliRunner.RunAsync([.. q, "--data", data])));

        var reindex = await CliRunner.RunAsync("reindex", "--data", data);

        Assert.True(reindex.ExitCode == 0, reindex.ToString());
        Assert.StartsWith("reindexed 5 conversations (", reindex.Stdout, StringComparison.Ordinal);
        var after = await Task.WhenAll(queries.Select(q => CliRunner.RunAsync([.. q, "--data", data])));
        Assert.Equal(before.Select(r => r.Stdout), after.Select(r => r.Stdout));
    }

    [Fact]
    public async Task Reindex_is_refused_while_serve_keeps_the_index_and_without_a_ledger()
    {
        using var dir = new TempDirectory("reindex");
        var data = dir.Sub("data");
        CliRunner.AssertUserError(await CliRunner.RunAsync("reindex", "--data", data), "no ledger");

        await using var server = await ServerProcess.StartAsync(data);
        var refused = await CliRunner.RunAsync("reindex", "--data", data);

        CliRunner.AssertUserError(refused, "stop serve first");
        Assert.Contains($"kill -TERM {server.Pid}", refused.Stderr);
    }
}
