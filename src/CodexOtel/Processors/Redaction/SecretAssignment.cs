using System.Text.RegularExpressions;

namespace CodexOtel.Processors.Redaction;

/// <summary>
/// <c>PASSWORD=…</c>, <c>export GITHUB_TOKEN=…</c>, <c>"api_key": "…"</c>, <c>client_secret: …</c>: a value given to a
/// name that says it is secret. The pattern finds the shape; <see cref="Accepts"/> keeps out what only looks like it
/// in code and tool output — token counts (<c>max_tokens=4096</c>), names of things (<c>secret_name: db</c>),
/// references (<c>$TOKEN</c>, <c>${{ secrets.X }}</c>), and code that names a password without holding one
/// (<c>password = getpass()</c>, <c>password: str</c>).
/// </summary>
public static partial class SecretAssignment
{
    /// <summary>Names that end so are about a secret, not the secret (token_count, secret_name, password_file).</summary>
    private static readonly string[] NotSecretSuffixes =
    [
        "count", "type", "limit", "usage", "url", "uri", "endpoint", "file", "path", "length", "len", "size", "name",
        "id", "ids", "expiry", "expires", "expires_at", "expires_in", "ttl", "format", "prompt", "policy", "mode",
        "kind", "field", "env", "var", "header", "hint", "source", "min", "max", "required", "enabled", "set",
    ];

    /// <summary>Values that stand for no secret.</summary>
    private static readonly HashSet<string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "none", "nil", "true", "false", "undefined", "redacted", "hidden", "masked", "secret", "password",
        "token", "changeme", "example", "required", "optional", "string", "str", "bytes", "text",
    };

    // The name: words around one of the secret words; then = or :, with the quotes of JSON, YAML or a shell around
    // them (a backslash before a quote when the text is JSON inside a string); then a quoted or a bare value.
    [GeneratedRegex(
        @"(?<![A-Za-z0-9_.-])(?<key>[A-Za-z0-9_.-]{0,64}?(?i:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[A-Za-z0-9_.-]{0,64})[""'\\]{0,2}(?<sep>[ \t]{0,4}[:=][ \t]{0,4})(?:\\?(?<quote>[""'])(?!\[REDACTED:)(?<secret>[^""'\\\r\n]{1,512})\\?[""']|(?![=>]|\[REDACTED:)(?<secret>[^\s""'`,;:&|<>(){}\[\]\\]{1,512}))",
        RegexOptions.CultureInvariant)]
    public static partial Regex Pattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    /// <summary>Whether a match of <see cref="Pattern"/> holds a secret.</summary>
    public static bool Accepts(Match match, string text)
    {
        var key = match.Groups["key"].Value.ToLowerInvariant();
        var value = match.Groups["secret"].Value;
        if (key.Contains("tokens", StringComparison.Ordinal) || key.Contains("tokeniz", StringComparison.Ordinal) ||
            NotSecretSuffixes.Any(s => key.EndsWith(s, StringComparison.Ordinal)) || !LooksLikeAValue(value))
        {
            return false;
        }

        if (match.Groups["quote"].Success)
        {
            return true;
        }

        // A bare value followed by ( or [ is code (getpass(), Optional[str]); a bare name in code (password = user_input,
        // password: str) is an identifier without digits, where an env dump's PASSWORD=hunter2 has no spaces around =.
        var end = match.Index + match.Length;
        if (end < text.Length && text[end] is '(' or '[')
        {
            return false;
        }

        var spaced = match.Groups["sep"].Value is var sep && (sep.Contains(':', StringComparison.Ordinal) || sep.Length > 1);
        return !spaced || !Identifier().IsMatch(value) || value.Any(char.IsAsciiDigit);
    }

    /// <summary>Whether a Bearer token is one (not a word of prose or a reference).</summary>
    public static bool AcceptsBearer(Match match, string text) => LooksLikeAValue(match.Groups["secret"].Value) && match.Groups["secret"].Value.Any(char.IsAsciiDigit);

    private static bool LooksLikeAValue(string value) =>
        value.Length >= 4
        && !value.All(char.IsAsciiDigit)
        && value[0] is not ('$' or '%' or '<' or '{' or '*' or '[')
        && value.Distinct().Count() > 2
        && !Placeholders.Contains(value)
        && !(value.Contains('.', StringComparison.Ordinal) && Identifier().IsMatch(value));
}
