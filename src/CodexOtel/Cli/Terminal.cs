using Spectre.Console;

namespace CodexOtel.Cli;

/// <summary>The console tables are drawn on: full width when output goes to a file or a pipe, so nothing wraps.</summary>
internal static class Terminal
{
    private const int RedirectedWidth = 240;

    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }

    /// <summary>A borderless table with a header row, the way ux.md sketches it.</summary>
    public static Table Table(params (string Header, bool Right)[] columns)
    {
        var table = new Table().Border(TableBorder.None).ShowHeaders();
        foreach (var (header, right) in columns)
        {
            var column = new TableColumn(header).NoWrap();
            table.AddColumn(right ? column.RightAligned() : column);
        }

        return table;
    }
}
