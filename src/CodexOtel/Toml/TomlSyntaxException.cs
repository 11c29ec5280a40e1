namespace CodexOtel.Toml;

/// <summary>A TOML file that does not parse: where (1-based line and column) and why.</summary>
internal sealed class TomlSyntaxException(string source, int line, int column, string problem)
    : Exception($"{source} line {line}, column {column}: {problem}")
{
    public string File { get; } = source;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public string Problem { get; } = problem;
}
