using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Importing;
using CodexOtel.Tests.Query;

namespace CodexOtel.Tests.Cli;

/// <summary>
/// What the query commands print on a fixed data set, byte for byte, against files captured before the commands were
/// rendered from the query layer's records: the <c>--json</c> shapes (README "--json shapes") and the tables must not
/// change. Set CODEX_OTEL_UPDATE_GOLDEN=1 to rewrite the files after an intended change (and review the diff).
/// </summary>
public sealed class QueryOutputGoldenTests(RecordedConversations data) : IClassFixture<RecordedConversations>
{
    public static TheoryData<string, string[]> Commands => new()
    {
        { "list.json", ["list", "--json"] },
        { "list-limit.json", ["list", "--json", "--limit", "2", "--model", "gpt-5"] },
        { "list.txt", ["list", "--tz", "UTC"] },
        { "show-fixture.json", ["show", ImportTestData.FixtureConversation, "--json"] },
        { "show-seed.json", ["show", ImportTestData.Id(2), "--json"] },
        { "show-raw.json", ["show", ImportTestData.FixtureConversation, "--raw"] },
        { "show-fixture.txt", ["show", ImportTestData.FixtureConversation, "--tz", "UTC"] },
        { "show-seed.txt", ["show", "2", "--tz", "UTC"] },
        { "search.json", ["search", "hello", "--json"] },
        { "search-files.json", ["search", "files", "--json", "--limit", "4"] },
        { "search.txt", ["search", "files", "--tz", "UTC"] },
        { "usage-day.json", ["usage", "--json", "--tz", "UTC"] },
        { "usage-model.json", ["usage", "--by", "model", "--json", "--tz", "UTC"] },
        { "usage-conversation.json", ["usage", "--by", "conversation", "--json", "--tz", "UTC"] },
        { "usage-day.txt", ["usage", "--tz", "UTC"] },
        { "usage-conversation.txt", ["usage", "--by", "conversation", "--tz", "UTC"] },
        { "export-fixture.csv", ["export", ImportTestData.FixtureConversation, "--format", "csv"] },
        { "export-fixture.md", ["export", ImportTestData.FixtureConversation, "--format", "md", "--tz", "UTC"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_query_command_prints_what_it_printed_before_the_query_layer(string golden, string[] args)
    {
        var run = await CliRunner.RunAsync(data.Environment, [.. args, "--data", data.Data]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var path = RepoRoot.Combine("tests", "CodexOtel.Tests", "Cli", "Golden", golden);
        if (Environment.GetEnvironmentVariable("CODEX_OTEL_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(path, run.Stdout);
        }

        Assert.Equal(await File.ReadAllTextAsync(path), run.Stdout);
    }
}
