using System.CommandLine;
using System.CommandLine.Parsing;

namespace CodexOtel.Cli;

/// <summary>
/// What the command line parser could not read, told as <c>error:</c> and <c>fix:</c> lines (exit 2) like every other
/// problem a user can fix, instead of the parser's own text and the whole help.
/// </summary>
internal static class ParseErrors
{
    public static int Print(ParseResult parse)
    {
        var (problem, fix) = Explain(parse);
        Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine($"  fix: {fix}");
        return CommandRunner.UsageOrUserError;
    }

    private static (string Problem, string Fix) Explain(ParseResult parse)
    {
        var command = CommandLine(parse.CommandResult);
        var help = $"see {command} --help";
        if (parse.UnmatchedTokens.Count > 0)
        {
            var token = parse.UnmatchedTokens[0];
            return parse.CommandResult.Command.Subcommands.Count > 0 && !token.StartsWith('-')
                ? ($"\"{token}\" is not a {command} command.", $"{help} (commands: {string.Join(", ", parse.CommandResult.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))})")
                : ($"{command} does not take \"{token}\".", help);
        }

        var error = parse.Errors[0];
        switch (error.SymbolResult)
        {
            case OptionResult option:
                return ExplainOption(option.Option, option.Tokens, error, command, help);
            case ArgumentResult { Parent: OptionResult option }:
                return ExplainOption(option.Option, option.Tokens, error, command, help);
            case ArgumentResult argument when argument.Tokens.Count == 0:
                return ($"{command} needs <{argument.Argument.Name}>.", help);
            case CommandResult when parse.CommandResult.Command.Subcommands.Count > 0:
                return ($"{command} needs a command.", help);
            default:
                return (error.Message, help);
        }
    }

    private static (string Problem, string Fix) ExplainOption(Option option, IReadOnlyList<Token> tokens, ParseError error, string command, string help)
    {
        if (tokens.Count == 0)
        {
            return ($"{option.Name} needs a value.", Example(option, command) ?? help);
        }

        // The options that take values check them with messages of their own that name the option and the value.
        return (error.Message, Example(option, command) ?? help);
    }

    /// <summary>The option with its default value, e.g. "codex-otel list --limit 50", when it has one.</summary>
    private static string? Example(Option option, string command) =>
        option.HasDefaultValue && option.GetDefaultValue() is { } value and not bool ? $"{command} {option.Name} {value}" : null;

    private static string CommandLine(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is not null; at = at.Parent)
        {
            if (at is CommandResult command)
            {
                names.Add(command.Parent is null ? "codex-otel" : command.Command.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
