using System.CommandLine;
using CodexOtel.Bench.Ingest;
using CodexOtel.Bench.Micro;

namespace CodexOtel.Bench;

/// <summary>The bench's commands: <c>ingest</c> (end to end), <c>micro</c>, <c>conversations</c>, <c>hostile</c>, <c>dashboard</c>, <c>dashboard-browser</c>.</summary>
internal static class BenchCli
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("codex-otel benchmarks");
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(MicroCommand.Create());
        root.Subcommands.Add(CodexOtel.Bench.Conversations.ConversationsCommand.Create());
        root.Subcommands.Add(CodexOtel.Bench.Hostile.HostileCommand.Create());
        root.Subcommands.Add(CodexOtel.Bench.Dashboard.DashboardCommand.Create());
        root.Subcommands.Add(CodexOtel.Bench.Browser.DashboardBrowserCommand.Create());
        return root.Parse(args).InvokeAsync();
    }
}
