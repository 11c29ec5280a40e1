using System.Globalization;
using System.Text;
using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace CodexOtel.Setup;

/// <summary>A TOML file that does not parse: where (1-based line and column) and why.</summary>
internal sealed class TomlSyntaxException(string source, int line, int column, string problem)
    : Exception($"{source} line {line}, column {column}: {problem}")
{
    public string File { get; } = source;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public string Problem { get; } = problem;
}

/// <summary>One key of a TOML path; <see cref="Quoted"/> writes it as a quoted key even when a bare one would do.</summary>
internal readonly record struct TomlKey(string Name, bool Quoted = false)
{
    public static implicit operator TomlKey(string name) => new(name);

    public override string ToString() => Name;
}

/// <summary>A value the editor writes: how it reads as TOML, and whether a value in the file already is it.</summary>
internal abstract record TomlLeaf
{
    private TomlLeaf()
    {
    }

    public abstract string Render();

    public abstract bool Matches(ValueSyntax? value);

    public sealed record Text(string Value) : TomlLeaf
    {
        public override string Render() => TomlText.String(Value);

        public override bool Matches(ValueSyntax? value) => value is StringValueSyntax s && s.Value == Value;
    }

    public sealed record Bool(bool Value) : TomlLeaf
    {
        public override string Render() => Value ? "true" : "false";

        public override bool Matches(ValueSyntax? value) => value is BooleanValueSyntax b && b.Value == Value;
    }
}

/// <summary>Parsing with Tomlyn's full-fidelity syntax parser, and writing keys and strings as TOML text.</summary>
internal static class TomlText
{
    /// <summary>Tomlyn's default limit on nested arrays and tables (<c>TomlSerializerOptions.MaxDepth</c> = 0).</summary>
    private const int MaxDepth = 64;

    /// <summary>Parses (and validates: duplicate keys are errors too); throws with the first error's line and column.</summary>
    public static DocumentSyntax Parse(string text, string source)
    {
        var document = SyntaxParser.Parse(text, source, true);
        if (document.HasErrors)
        {
            var error = document.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
            throw new TomlSyntaxException(source, error.Span.Start.Line + 1, error.Span.Start.Column + 1, error.Message);
        }

        return document;
    }

    /// <summary>
    /// Why Tomlyn could not read a document, for a user: its nesting limit (which keeps a hostile file from exhausting
    /// the stack) speaks to programmers, so it is said in a user's words.
    /// </summary>
    public static string Problem(TomlException error) =>
        error.Message.Contains("MaxDepth", StringComparison.Ordinal)
            ? $"arrays or tables are nested more than {MaxDepth} levels deep"
            : error.Message.TrimEnd('.');

    /// <summary>A basic string: "…" with TOML's escapes.</summary>
    public static string String(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\b' => text.Append("\\b"),
                '\t' => text.Append("\\t"),
                '\n' => text.Append("\\n"),
                '\f' => text.Append("\\f"),
                '\r' => text.Append("\\r"),
                < ' ' or '\u007f' => text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }

    /// <summary>A key: bare when TOML allows it and it was not asked to be quoted.</summary>
    public static string Key(TomlKey key) =>
        !key.Quoted && BareKeySyntax.IsBareKey(key.Name) ? key.Name : String(key.Name);

    public static string DottedKey(IEnumerable<TomlKey> keys) => string.Join('.', keys.Select(Key));

    /// <summary>The names of a key's parts: <c>otel.exporter."otlp-http"</c> → otel, exporter, otlp-http.</summary>
    public static string[] Names(KeySyntax key)
    {
        var names = new List<string> { Name(key.Key) };
        foreach (var dotted in key.DotKeys)
        {
            names.Add(Name(dotted.Key));
        }

        return [.. names];
    }

    private static string Name(BareKeyOrStringValueSyntax? part) => part switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };
}
