using System.CommandLine;

namespace CodexOtel.Cli;

/// <summary>The command tree. Each command lives in its own file.</summary>
public static class CodexOtelCli
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("codex-otel — record, audit and understand what the OpenAI Codex CLI does.");
        root.Options.Add(CommonOptions.Data);
        root.Options.Add(CommonOptions.Config);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(ShowCommand.Create());
        root.Subcommands.Add(SearchCommand.Create());
        root.Subcommands.Add(UsageCommand.Create());
        root.Subcommands.Add(ToolsCommand.Create());
        root.Subcommands.Add(TailCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(ReindexCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(AnchorCommand.Create());
        root.Subcommands.Add(PruneCommand.Create());
        root.Subcommands.Add(SetupCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        // Bare `codex-otel` asks what it can do: the help, as `--help` prints it.
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        return parse.Errors.Count > 0
            ? Task.FromResult(ParseErrors.Print(parse))
            : parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
}
