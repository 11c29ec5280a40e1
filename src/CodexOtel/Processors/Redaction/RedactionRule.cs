using System.Text;
using System.Text.RegularExpressions;

namespace CodexOtel.Processors.Redaction;

/// <summary>
/// One kind of secret: a pattern, and optionally a test a match must pass (<paramref name="accept"/>, given the match
/// and the text it is in). Only the pattern's group named <c>secret</c> is replaced when it has one (the password of
/// a URL, the value of <c>PASSWORD=…</c>), else the whole match; each becomes <c>[REDACTED:name]</c>.
/// </summary>
public sealed class RedactionRule(string name, Regex pattern, Func<Match, string, bool>? accept = null)
{
    /// <summary>What a value that was already redacted starts with: rules that run later leave it alone.</summary>
    public const string MarkerPrefix = "[REDACTED:";

    public string Name { get; } = name;

    public Regex Pattern { get; } = pattern;

    /// <summary>What stands in for each secret.</summary>
    public string Replacement { get; } = $"{MarkerPrefix}{name}]";

    /// <summary>The text with this rule's secrets replaced, and how many there were; the same string when none.</summary>
    public string Apply(string text, out int count)
    {
        count = 0;
        StringBuilder? result = null;
        var copied = 0;
        for (var match = Pattern.Match(text); match.Success; match = match.NextMatch())
        {
            Group secret = match.Groups["secret"] is { Success: true } group ? group : match;
            if (secret.Length == 0 || secret.Index < copied || (accept is not null && !accept(match, text)))
            {
                continue;
            }

            result ??= new StringBuilder(text.Length);
            result.Append(text, copied, secret.Index - copied).Append(Replacement);
            copied = secret.Index + secret.Length;
            count++;
        }

        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }
}
