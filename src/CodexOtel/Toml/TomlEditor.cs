using Tomlyn.Syntax;

namespace CodexOtel.Toml;

/// <summary>
/// Edits a TOML document through Tomlyn's full-fidelity syntax tree: a change replaces only the value, key or line it
/// is about, so every comment, blank line and unrelated key stays byte for byte. A key is set where the document
/// already defines it or its parent, in whatever form it uses there — <c>[a.b]</c> tables, dotted keys, inline
/// tables — so the result never defines a key twice. After every change the text is parsed again and must be valid.
/// </summary>
internal sealed class TomlEditor
{
    private readonly string _source;
    private readonly string _newline;
    private DocumentSyntax _document;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="TomlSyntaxException"/> when it is not valid TOML.</summary>
    public TomlEditor(string text, string source)
    {
        _source = source;
        _newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        _document = TomlText.Parse(text, source);

        // Every line ends with a line break from here on, so new lines can follow the last one.
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            _document = TomlText.Parse(text + _newline, source);
        }
    }

    private enum Kind
    {
        Value,
        Table,
        DottedKeyPrefix,
        TablePrefix,
    }

    public string Text => _document.ToString() ?? "";

    /// <summary>The names defined directly below <paramref name="path"/>, in any form.</summary>
    public IReadOnlyList<string> ChildNames(IReadOnlyList<TomlKey> path) =>
        [.. Collect().Where(d => d.Path.Length > path.Count && StartsWith(d.Path, path)).Select(d => d.Path[path.Count]).Distinct()];

    /// <summary>Whether a <c>[table]</c> header at or below <paramref name="path"/> exists.</summary>
    public bool HasTableAtOrBelow(IReadOnlyList<TomlKey> path) =>
        Collect().Any(d => d.Kind == Kind.Table && StartsWith(d.Path, path));

    /// <summary>Whether anything at or below <paramref name="path"/> is defined.</summary>
    public bool Defines(IReadOnlyList<TomlKey> path) => Collect().Any(d => StartsWith(d.Path, path));

    /// <summary>
    /// Makes the value at <paramref name="path"/> be <paramref name="value"/>; false when it already was. A scalar
    /// on the way (e.g. <c>exporter = "none"</c>) is replaced by an inline table holding the rest of the path.
    /// </summary>
    public bool Set(IReadOnlyList<TomlKey> path, TomlLeaf value)
    {
        if (path.Count < 2)
        {
            throw new ArgumentException("only keys inside a table are edited", nameof(path));
        }

        var definitions = Collect();
        if (definitions.FirstOrDefault(d => d.Kind == Kind.Value && Same(d.Path, path)) is { } exact)
        {
            var keyValue = (KeyValueSyntax)exact.Node;
            if (value.Matches(keyValue.Value))
            {
                return false;
            }

            ReplaceValue(keyValue, value.Render());
            Commit();
            return true;
        }

        for (var depth = path.Count - 1; depth >= 1; depth--)
        {
            var parent = path.Take(depth).ToArray();
            var rest = path.Skip(depth).ToArray();
            var closest = definitions.Where(d => Same(d.Path, parent)).MinBy(d => d.Kind);
            if (closest is null)
            {
                continue;
            }

            switch (closest.Kind)
            {
                case Kind.Value:
                    var keyValue = (KeyValueSyntax)closest.Node;
                    if (keyValue.Value is InlineTableSyntax inline)
                    {
                        AddInlineItem(keyValue, inline, Line([rest[0]], rest[1..], value));
                    }
                    else
                    {
                        ReplaceValue(keyValue, Nested(rest, value));
                    }

                    break;
                case Kind.Table:
                    var table = (TableSyntax)closest.Node;
                    InsertKeyValue(table.Items, table, table.Items.ChildrenCount, Line([rest[0]], rest[1..], value));
                    break;
                case Kind.DottedKeyPrefix:
                    AddBesideDottedKeys(closest, parent, rest, value);
                    break;
                default:
                    InsertTable(FirstTableBelow(parent) ?? _document.Tables.ChildrenCount, parent, [Line([rest[0]], rest[1..], value)]);
                    break;
            }

            Commit();
            return true;
        }

        var top = path.Take(1).ToArray();
        InsertTable(FirstTableBelow(top) ?? _document.Tables.ChildrenCount, top, [Line([path[1]], path.Skip(2).ToArray(), value)]);
        Commit();
        return true;
    }

    /// <summary>
    /// Adds a <c>[header]</c> table with these entries after the last table below <paramref name="after"/> (at the end
    /// when there is none). The header must not be defined yet. An entry's key path beyond its first key becomes
    /// nested inline tables: <c>headers = { "authorization" = "…" }</c>.
    /// </summary>
    public void AddTable(IReadOnlyList<TomlKey> header, IReadOnlyList<(TomlKey[] Key, TomlLeaf Value)> entries, IReadOnlyList<TomlKey> after)
    {
        var lastBelow = -1;
        var index = 0;
        foreach (var table in _document.Tables)
        {
            if (table is TableSyntax { Name: { } name } && StartsWith(TomlText.Names(name), after))
            {
                lastBelow = index;
            }

            index++;
        }

        var position = lastBelow >= 0 ? lastBelow + 1 : _document.Tables.ChildrenCount;
        InsertTable(position, header, [.. entries.Select(e => Line([e.Key[0]], e.Key[1..], e.Value))]);
        Commit();
    }

    /// <summary>Renames the last key of <paramref name="path"/> wherever it is written (keys and table headers).</summary>
    public bool Rename(IReadOnlyList<TomlKey> path, string newName)
    {
        var index = path.Count - 1;
        var renamed = new HashSet<(SyntaxNode, int)>();
        foreach (var definition in Collect().Where(d => d.Path.Length > index && StartsWith(d.Path, path)))
        {
            var (key, position) = definition.Node switch
            {
                TableSyntax table => (table.Name, index),
                KeyValueSyntax keyValue when index >= definition.OwnerDepth => (keyValue.Key, index - definition.OwnerDepth),
                _ => (null, -1),
            };
            if (key is not null && renamed.Add((key, position)))
            {
                RenamePart(key, position, newName);
            }
        }

        if (renamed.Count > 0)
        {
            Commit();
        }

        return renamed.Count > 0;
    }

    // ---- where things are defined ----

    private sealed record Definition(string[] Path, Kind Kind, SyntaxNode Node, SyntaxNode? Owner, int OwnerDepth);

    private List<Definition> Collect()
    {
        var result = new List<Definition>();
        AddKeyValues(result, _document.KeyValues, _document, []);
        foreach (var table in _document.Tables)
        {
            // [[arrays of tables]] hold nothing this editor writes.
            if (table is not TableSyntax { Name: { } name } header)
            {
                continue;
            }

            var path = TomlText.Names(name);
            for (var i = 1; i < path.Length; i++)
            {
                result.Add(new Definition(path[..i], Kind.TablePrefix, header, null, 0));
            }

            result.Add(new Definition(path, Kind.Table, header, null, 0));
            AddKeyValues(result, header.Items, header, path);
        }

        return result;
    }

    private static void AddKeyValues(List<Definition> result, IEnumerable<KeyValueSyntax> keyValues, SyntaxNode owner, string[] prefix)
    {
        foreach (var keyValue in keyValues)
        {
            if (keyValue.Key is null)
            {
                continue;
            }

            var key = TomlText.Names(keyValue.Key);
            for (var i = 1; i < key.Length; i++)
            {
                result.Add(new Definition([.. prefix, .. key[..i]], Kind.DottedKeyPrefix, keyValue, owner, prefix.Length));
            }

            string[] path = [.. prefix, .. key];
            result.Add(new Definition(path, Kind.Value, keyValue, owner, prefix.Length));
            if (keyValue.Value is InlineTableSyntax inline)
            {
                AddKeyValues(result, inline.Items.Select(i => i.KeyValue).OfType<KeyValueSyntax>(), inline, path);
            }
        }
    }

    private int? FirstTableBelow(IReadOnlyList<TomlKey> path)
    {
        var index = 0;
        foreach (var table in _document.Tables)
        {
            if (table.Name is { } name && StartsWith(TomlText.Names(name), path))
            {
                return index;
            }

            index++;
        }

        return null;
    }

    private static bool Same(string[] path, IReadOnlyList<TomlKey> other) => path.Length == other.Count && StartsWith(path, other);

    private static bool StartsWith(string[] path, IReadOnlyList<TomlKey> prefix)
    {
        if (path.Length < prefix.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(path[i], prefix[i].Name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    // ---- text of new lines ----

    /// <summary><c>key.parts = value</c>, the value nested in inline tables for the rest of the path.</summary>
    private static string Line(IReadOnlyList<TomlKey> key, IReadOnlyList<TomlKey> nested, TomlLeaf value) =>
        $"{TomlText.DottedKey(key)} = {Nested(nested, value)}";

    private static string Nested(IReadOnlyList<TomlKey> path, TomlLeaf value) =>
        path.Count == 0 ? value.Render() : $"{{ {TomlText.Key(path[0])} = {Nested(path.Skip(1).ToArray(), value)} }}";

    // ---- changes to the tree ----

    /// <summary>Replaces a value, keeping what surrounds it (spaces before a closing brace, a comment after it).</summary>
    private void ReplaceValue(KeyValueSyntax keyValue, string valueText)
    {
        var snippet = ParseSnippet($"x = {valueText}{_newline}").KeyValues.GetChild(0)!;
        var replacement = snippet.Value!;
        snippet.Value = null;
        if (keyValue.Value is { } old)
        {
            CopyOuterTrivia(old, replacement);
        }

        keyValue.Value = replacement;
    }

    /// <summary>Adds <c>key = value</c> to an inline table (which holds no comments), keeping its items as written.</summary>
    private void AddInlineItem(KeyValueSyntax owner, InlineTableSyntax inline, string line)
    {
        var items = inline.Items
            .Select(i => i.KeyValue?.ToString()?.Trim())
            .OfType<string>()
            .Where(text => text.Length > 0)
            .Append(line);
        ReplaceValue(owner, $"{{ {string.Join(", ", items)} }}");
    }

    /// <summary>Adds a dotted key beside the dotted keys that define <paramref name="parent"/>.</summary>
    private void AddBesideDottedKeys(Definition closest, TomlKey[] parent, TomlKey[] rest, TomlLeaf value)
    {
        var relative = parent.Skip(closest.OwnerDepth).Append(rest[0]).ToArray();
        var line = Line(relative, rest[1..], value);
        switch (closest.Owner)
        {
            case InlineTableSyntax inline:
                AddInlineItem((KeyValueSyntax)inline.Parent!, inline, line);
                return;
            case TableSyntax table:
                InsertKeyValue(table.Items, table, LastIndexBelow(table.Items, closest.OwnerDepth, parent) + 1, line);
                return;
            default:
                InsertKeyValue(_document.KeyValues, _document, LastIndexBelow(_document.KeyValues, 0, parent) + 1, line);
                return;
        }
    }

    private static int LastIndexBelow(SyntaxList<KeyValueSyntax> keyValues, int ownerDepth, TomlKey[] parent)
    {
        var relative = parent.Skip(ownerDepth).ToArray();
        var last = -1;
        for (var i = 0; i < keyValues.ChildrenCount; i++)
        {
            if (keyValues.GetChild(i)?.Key is { } key && StartsWith(TomlText.Names(key), relative))
            {
                last = i;
            }
        }

        return last;
    }

    /// <summary>
    /// Inserts a key/value line at <paramref name="index"/>. The blank lines and comments that followed the line
    /// before it (they introduce what comes next) move below the new line.
    /// </summary>
    private void InsertKeyValue(SyntaxList<KeyValueSyntax> keyValues, SyntaxNode owner, int index, string line)
    {
        var snippet = ParseSnippet(line + _newline);
        var keyValue = snippet.KeyValues.GetChild(0)!;
        snippet.KeyValues.RemoveChildAt(0);
        var previous = index > 0
            ? keyValues.GetChild(index - 1)!.EndOfLineToken
            : owner is TableSyntaxBase table ? table.EndOfLineToken : null;
        if (previous is not null)
        {
            var (keep, move) = SplitAtBlankLine(previous.TrailingTrivia);
            previous.TrailingTrivia = keep;
            keyValue.EndOfLineToken!.TrailingTrivia = move;
        }

        Insert(keyValues, index, keyValue);
    }

    /// <summary>Inserts a <c>[header]</c> table with these lines, set off by blank lines.</summary>
    private void InsertTable(int index, IReadOnlyList<TomlKey> header, IReadOnlyList<string> lines)
    {
        var text = $"[{TomlText.DottedKey(header)}]{_newline}{string.Concat(lines.Select(l => l + _newline))}";
        if (_document.KeyValues.ChildrenCount == 0 && _document.Tables.ChildrenCount == 0)
        {
            // Nothing but comments and blank lines, which hang on no node: the table goes below them.
            var existing = Text;
            _document = TomlText.Parse(
                existing.Trim().Length == 0 ? text
                    : existing.EndsWith(_newline + _newline, StringComparison.Ordinal) ? existing + text
                    : existing + _newline + text,
                _source);
            return;
        }

        var snippet = ParseSnippet(text);
        var table = (TableSyntax)snippet.Tables.GetChild(0)!;
        snippet.Tables.RemoveChildAt(0);
        var last = LastLineEnd(table)!;
        var tables = _document.Tables;
        var previous = index > 0
            ? LastLineEnd(tables.GetChild(index - 1)!)
            : _document.KeyValues.ChildrenCount > 0 ? _document.KeyValues.GetChild(_document.KeyValues.ChildrenCount - 1)!.EndOfLineToken : null;
        var followed = index < tables.ChildrenCount;
        if (previous is not null)
        {
            var (keep, move) = SplitAtBlankLine(previous.TrailingTrivia);
            previous.TrailingTrivia = keep;
            table.OpenBracket!.LeadingTrivia = [NewLine()];
            last.TrailingTrivia = move.Count == 0 && followed ? [NewLine()] : move;
        }
        else if (followed)
        {
            last.TrailingTrivia = [NewLine()];
        }

        Insert(tables, index, table);
    }

    private static SyntaxToken? LastLineEnd(TableSyntaxBase table) =>
        table.Items.ChildrenCount > 0 ? table.Items.GetChild(table.Items.ChildrenCount - 1)!.EndOfLineToken : table.EndOfLineToken;

    /// <summary>Splits the trivia after a line break where the first blank line starts.</summary>
    private static (List<SyntaxTrivia> Keep, List<SyntaxTrivia> Move) SplitAtBlankLine(List<SyntaxTrivia>? trivia)
    {
        if (trivia is null)
        {
            return ([], []);
        }

        var lineStart = 0;
        var blank = true;
        for (var i = 0; i < trivia.Count; i++)
        {
            switch (trivia[i].Kind)
            {
                case TokenKind.NewLine when blank:
                    return (trivia[..lineStart], trivia[lineStart..]);
                case TokenKind.NewLine:
                    lineStart = i + 1;
                    blank = true;
                    break;
                case TokenKind.Whitespaces:
                    break;
                default:
                    blank = false;
                    break;
            }
        }

        return (trivia, []);
    }

    private void RenamePart(KeySyntax key, int position, string newName)
    {
        BareKeyOrStringValueSyntax? old = position == 0 ? key.Key : key.DotKeys.GetChild(position - 1)?.Key;
        if (old is null)
        {
            return;
        }

        var snippet = ParseSnippet($"{TomlText.Key(new TomlKey(newName, old is StringValueSyntax))} = 1{_newline}").KeyValues.GetChild(0)!;
        var replacement = snippet.Key!.Key!;
        snippet.Key.Key = null;
        CopyOuterTrivia(old, replacement);
        if (position == 0)
        {
            key.Key = replacement;
        }
        else
        {
            key.DotKeys.GetChild(position - 1)!.Key = replacement;
        }
    }

    private static void Insert<T>(SyntaxList<T> list, int index, T node)
        where T : SyntaxNode
    {
        var tail = new List<T>();
        while (list.ChildrenCount > index)
        {
            tail.Insert(0, list.GetChild(list.ChildrenCount - 1)!);
            list.RemoveChildAt(list.ChildrenCount - 1);
        }

        list.Add(node);
        foreach (var moved in tail)
        {
            list.Add(moved);
        }
    }

    private static void CopyOuterTrivia(SyntaxNode from, SyntaxNode to)
    {
        if (FirstToken(from) is { } oldFirst && FirstToken(to) is { } newFirst)
        {
            newFirst.LeadingTrivia = oldFirst.LeadingTrivia;
        }

        if (LastToken(from) is { } oldLast && LastToken(to) is { } newLast)
        {
            newLast.TrailingTrivia = oldLast.TrailingTrivia;
        }
    }

    private static SyntaxToken? FirstToken(SyntaxNode node)
    {
        if (node is SyntaxToken token)
        {
            return token;
        }

        for (var i = 0; i < node.ChildrenCount; i++)
        {
            if (node.GetChild(i) is { } child && FirstToken(child) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static SyntaxToken? LastToken(SyntaxNode node)
    {
        if (node is SyntaxToken token)
        {
            return token;
        }

        for (var i = node.ChildrenCount - 1; i >= 0; i--)
        {
            if (node.GetChild(i) is { } child && LastToken(child) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private SyntaxTrivia NewLine() => new(TokenKind.NewLine, _newline);

    private DocumentSyntax ParseSnippet(string text) => TomlText.Parse(text, "(codex-otel)");

    /// <summary>Re-reads the edited text, so positions and values are fresh and the result is known to be valid.</summary>
    private void Commit()
    {
        var text = Text;
        try
        {
            _document = TomlText.Parse(text, _source);
        }
        catch (TomlSyntaxException e)
        {
            throw new InvalidOperationException($"editing {_source} would make it invalid ({e.Message})", e);
        }
    }
}
