using Tomlyn.Syntax;

namespace CodexOtel.Toml;

/// <summary>One <c>key = value</c> of a document: its full path (tables, dotted keys, inline tables) and 1-based line.</summary>
internal sealed record TomlEntry(IReadOnlyList<string> Path, ValueSyntax Value, int Line);

/// <summary>Reads a document's settings from its syntax tree, so that each keeps the line it was written on.</summary>
internal static class TomlEntries
{
    /// <summary>
    /// Every value of the document, in file order; the keys of inline tables are walked into. The items of an array
    /// of tables (<c>[[a.b]]</c>) are not among them: each table is read on its own (<see cref="Read(TableArraySyntax)"/>).
    /// </summary>
    public static IReadOnlyList<TomlEntry> Read(DocumentSyntax document)
    {
        var entries = new List<TomlEntry>();
        Add(entries, [], document.KeyValues);
        foreach (var table in document.Tables)
        {
            if (table is not TableArraySyntax && table.Name is { } name)
            {
                Add(entries, TomlText.Names(name), table.Items);
            }
        }

        return entries;
    }

    /// <summary>The values of one table of an array of tables, paths relative to it.</summary>
    public static IReadOnlyList<TomlEntry> Read(TableArraySyntax table)
    {
        var entries = new List<TomlEntry>();
        Add(entries, [], table.Items);
        return entries;
    }

    /// <summary>The 1-based line a node starts on.</summary>
    public static int Line(SyntaxNode node) => node.Span.Start.Line + 1;

    private static void Add(List<TomlEntry> entries, IReadOnlyList<string> prefix, IEnumerable<KeyValueSyntax> keyValues)
    {
        foreach (var keyValue in keyValues)
        {
            if (keyValue.Key is not { } key || keyValue.Value is not { } value)
            {
                continue;
            }

            string[] path = [.. prefix, .. TomlText.Names(key)];
            if (value is InlineTableSyntax inline)
            {
                Add(entries, path, inline.Items.Select(i => i.KeyValue).OfType<KeyValueSyntax>());
            }
            else
            {
                entries.Add(new TomlEntry(path, value, Line(keyValue)));
            }
        }
    }
}
