namespace CodexOtel.Cli;

/// <summary>
/// A borderless table with a header row, the way ux.md sketches it, written as plain aligned text: fast to print for
/// thousands of rows and the same on a terminal, in a file or in a pipe.
/// </summary>
internal sealed class TextTable((string Header, bool Right)[] columns)
{
    private readonly List<string[]> _rows = [];

    public static TextTable Of(params (string Header, bool Right)[] columns) => new(columns);

    public void AddRow(params string[] cells) => _rows.Add(cells);

    public void Write(TextWriter output)
    {
        var widths = new int[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            widths[i] = columns[i].Header.Length;
            foreach (var row in _rows)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        WriteLine(output, columns.Select(c => c.Header).ToArray(), widths);
        foreach (var row in _rows)
        {
            WriteLine(output, row, widths);
        }
    }

    private void WriteLine(TextWriter output, string[] cells, int[] widths)
    {
        var line = new System.Text.StringBuilder(" ");
        for (var i = 0; i < cells.Length; i++)
        {
            var last = i == cells.Length - 1;
            var cell = columns[i].Right ? cells[i].PadLeft(widths[i]) : last ? cells[i] : cells[i].PadRight(widths[i]);
            line.Append(cell);
            if (!last)
            {
                line.Append("  ");
            }
        }

        output.WriteLine(line.ToString().TrimEnd());
    }
}
