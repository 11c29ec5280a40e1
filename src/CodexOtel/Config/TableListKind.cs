using System.Text.Json.Nodes;
using CodexOtel.Toml;
using Tomlyn.Syntax;

namespace CodexOtel.Config;

/// <summary>
/// A setting written as an array of tables (<c>[[redaction.rules]]</c>), one table per item: read from the file
/// only, each table's keys with their lines, so that a problem names the line it is on.
/// </summary>
public abstract class TableListKind : ConfigValueKind
{
    /// <summary>The keys every table may have, for the fix of an unknown one.</summary>
    public abstract IReadOnlyList<string> Keys { get; }

    /// <summary>
    /// The value from the file's tables (in file order); a problem is reported through <paramref name="problem"/> with
    /// its line, the problem and its fix, and the value is what the good tables make.
    /// </summary>
    internal abstract object? FromTables(IReadOnlyList<TomlTable> tables, Action<int, string, string> problem);

    public override object? FromText(string text, out string? problem)
    {
        problem = "cannot be set this way; it is a list of tables in the config file";
        return null;
    }

    public override JsonNode? Json(object? value) => JsonValue.Create(Show(value));
}

/// <summary>One table of an array of tables: its header's line and its keys' values and lines.</summary>
internal sealed record TomlTable(int Line, IReadOnlyDictionary<string, (ValueSyntax Value, int Line)> Values)
{
    public static TomlTable Of(TableArraySyntax table) =>
        new(TomlEntries.Line(table), TomlEntries.Read(table).ToDictionary(e => e.Path[^1], e => (e.Value, e.Line)));
}
