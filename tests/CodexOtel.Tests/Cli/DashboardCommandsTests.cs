using System.Text.Json.Nodes;
using CodexOtel.Tests.Query;

namespace CodexOtel.Tests.Cli;

/// <summary><c>list --sort</c> and <c>tools</c> on recorded conversations: the dashboard's sorts and tool figures from the command line.</summary>
public sealed class DashboardCommandsTests(RecordedConversations data) : IClassFixture<RecordedConversations>
{
    [Fact]
    public async Task List_sorted_by_cost_puts_the_costliest_first_and_ascending_the_cheapest()
    {
        var costliest = Costs(await RunAsync("list", "--sort", "cost", "--json"));
        var cheapest = Costs(await RunAsync("list", "--sort", "cost", "--asc", "--json"));

        Assert.True(costliest.Count >= 3, $"{costliest.Count} conversations");
        Assert.Equal(costliest.OrderByDescending(c => c), costliest);
        Assert.Equal(costliest.AsEnumerable().Reverse(), cheapest);
    }

    [Fact]
    public async Task An_unknown_sort_is_an_error_with_a_fix()
    {
        var run = await CliRunner.RunAsync(data.Environment, "list", "--sort", "price", "--data", data.Data);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --sort \"price\" is not known.", run.Stderr);
        Assert.Contains("fix: ", run.Stderr);
    }

    [Fact]
    public async Task Tools_count_each_tools_calls_and_list_one_tools_calls()
    {
        var tools = JsonNode.Parse(await RunAsync("tools", "--json"))!.AsArray();
        var exec = tools.Single(t => (string?)t!["tool"] == "exec_command")!;
        var calls = JsonNode.Parse(await RunAsync("tools", "exec_command", "--json"))!;

        Assert.True((int)exec["calls"]! > 0);
        Assert.Equal((int)exec["calls"]!, calls["calls"]!.AsArray().Count);
        Assert.All(calls["calls"]!.AsArray(), c => Assert.False(string.IsNullOrEmpty((string?)c!["conversation"])));
        Assert.Contains("exec_command", await RunAsync("tools", "--tz", "UTC"));
    }

    private async Task<string> RunAsync(params string[] args)
    {
        var run = await CliRunner.RunAsync(data.Environment, [.. args, "--data", data.Data]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Stdout;
    }

    private static List<decimal> Costs(string json) => [.. JsonNode.Parse(json)!.AsArray().Select(c => (decimal?)c!["cost_usd"] ?? -1m)];
}
