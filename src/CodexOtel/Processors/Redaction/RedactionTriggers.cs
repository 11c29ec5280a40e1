using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace CodexOtel.Processors.Redaction;

/// <summary>
/// Tells cheaply that a text holds nothing the built-in rules would redact: each rule's matches contain one of these
/// literals, followed by what the rule needs after it (a key's length, the = of an assignment). Searching all
/// literals at once is one vectorised pass; only a text with a literal whose follow-up fits runs the rules. Keeping
/// the test a superset of the rules is what makes it safe: it may say "maybe" for a text no rule changes, never "no"
/// for one a rule would.
/// </summary>
public static partial class RedactionTriggers
{
    /// <summary>Bytes of a request widened to characters at a time: the scan's memory does not grow with the request.</summary>
    private const int Window = 64 * 1024;

    /// <summary>
    /// Windows overlap by this much: more than any literal and what its follow-up test reads after it (the rules bound
    /// their parts for this, e.g. a URL's password to 256 characters: up to 1024 bytes of UTF-8), so that each literal is
    /// tested whole in one window.
    /// </summary>
    private const int Overlap = 4096;

    private static readonly (string Literal, Regex? Then)[] CaseSensitive =
    [
        ("PRIVATE KEY-----", null),
        ("eyJ", JwtRest()),
        ("sk-", OpenAiRest()),
        ("ghp_", GitHubRest()), ("gho_", GitHubRest()), ("ghu_", GitHubRest()), ("ghs_", GitHubRest()), ("ghr_", GitHubRest()),
        ("github_pat_", GitHubPatRest()),
        ("AKIA", AwsKeyIdRest()), ("ASIA", AwsKeyIdRest()),
        ("xox", SlackRest()),
        ("AIza", GoogleRest()),
        ("://", UrlCredentialsRest()),
    ];

    private static readonly (string Literal, Regex? Then)[] IgnoringCase =
    [
        ("bearer", BearerRest()),
        ("password", AssignmentRest()), ("passwd", AssignmentRest()), ("secret", AssignmentRest()), ("token", AssignmentRest()),
        ("api_key", AssignmentRest()), ("api-key", AssignmentRest()), ("apikey", AssignmentRest()),
        ("access_key", AssignmentRest()), ("access-key", AssignmentRest()), ("accesskey", AssignmentRest()),
        ("private_key", AssignmentRest()), ("private-key", AssignmentRest()), ("privatekey", AssignmentRest()),
    ];

    private static readonly SearchValues<string> CaseSensitiveLiterals = SearchValues.Create([.. CaseSensitive.Select(t => t.Literal)], StringComparison.Ordinal);
    private static readonly SearchValues<string> IgnoringCaseLiterals = SearchValues.Create([.. IgnoringCase.Select(t => t.Literal)], StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a built-in rule may find something in <paramref name="text"/>.</summary>
    public static bool MayMatch(ReadOnlySpan<char> text) =>
        Found(text, CaseSensitiveLiterals, CaseSensitive, StringComparison.Ordinal) ||
        Found(text, IgnoringCaseLiterals, IgnoringCase, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a built-in rule may find something in a string of an encoded export request: OTLP/protobuf holds its
    /// strings as UTF-8 bytes, so the literals show as they are; OTLP-JSON may escape characters (\u0073k-, https:\/\/),
    /// so a JSON request with such an escape is a "maybe".
    /// </summary>
    public static bool MayMatch(ReadOnlySpan<byte> encoded, bool json)
    {
        if (json && (encoded.IndexOf("\\u"u8) >= 0 || encoded.IndexOf("\\/"u8) >= 0))
        {
            return true;
        }

        // The literals and what follows them are ASCII: bytes widened one to one keep them where they are.
        var chars = ArrayPool<char>.Shared.Rent(Math.Min(encoded.Length, Window));
        try
        {
            for (var start = 0; ; start += Window - Overlap)
            {
                var window = encoded[start..Math.Min(encoded.Length, start + Window)];
                if (MayMatch(chars.AsSpan(0, Encoding.Latin1.GetChars(window, chars))))
                {
                    return true;
                }

                if (start + Window >= encoded.Length)
                {
                    return false;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static bool Found(ReadOnlySpan<char> text, SearchValues<string> literals, (string Literal, Regex? Then)[] triggers, StringComparison comparison)
    {
        var offset = 0;
        while (text[offset..].IndexOfAny(literals) is var at and >= 0)
        {
            var start = offset + at;
            foreach (var (literal, then) in triggers)
            {
                if (text[start..].StartsWith(literal, comparison) && (then is null || then.IsMatch(text[(start + literal.Length)..])))
                {
                    return true;
                }
            }

            offset = start + 1;
        }

        return false;
    }

    // What must follow each literal, as loose as the rules it stands for (see BuiltInRules), anchored where it ends.
    [GeneratedRegex(@"^[A-Za-z0-9_-]{10,1024}\.[A-Za-z0-9_-]{10}", RegexOptions.CultureInvariant)]
    private static partial Regex JwtRest();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{32}", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiRest();

    [GeneratedRegex(@"^[A-Za-z0-9]{36}", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubRest();

    [GeneratedRegex(@"^[A-Za-z0-9_]{22}", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubPatRest();

    [GeneratedRegex(@"^[A-Z0-9]{16}", RegexOptions.CultureInvariant)]
    private static partial Regex AwsKeyIdRest();

    [GeneratedRegex(@"^[abposr]-[A-Za-z0-9-]{10}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackRest();

    [GeneratedRegex(@"^[0-9A-Za-z_-]{35}", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleRest();

    [GeneratedRegex(@"^[^ \t\r\n/?#@]{0,1024}:[^ \t\r\n/?#@]{0,1024}@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentialsRest();

    // JSON escapes (\t) may stand between the parts of an encoded request.
    [GeneratedRegex(@"^(?:[ \t]|\\t)+[A-Za-z0-9._~+/-]{16}", RegexOptions.CultureInvariant)]
    private static partial Regex BearerRest();

    // Not when only digits follow (password.rs:120: in grep output, token_count=42): SecretAssignment refuses those.
    [GeneratedRegex(@"^[A-Za-z0-9_.-]{0,64}(?:[""' \t\\]|\\[tnr]){0,12}[:=](?![ \t]{0,4}[0-9]+(?:[:,;""' \t\r\n\\]|$))", RegexOptions.CultureInvariant)]
    private static partial Regex AssignmentRest();
}
