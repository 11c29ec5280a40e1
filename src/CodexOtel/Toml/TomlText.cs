using System.Globalization;
using System.Text;
using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace CodexOtel.Toml;

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
