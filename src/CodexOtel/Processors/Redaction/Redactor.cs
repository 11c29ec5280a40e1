namespace CodexOtel.Processors.Redaction;

/// <summary>Applies the built-in rules, then the user's, to one string at a time.</summary>
public sealed class Redactor
{
    private readonly bool _userRules;

    public Redactor(IReadOnlyList<UserRedactionRule> userRules)
    {
        Rules = [.. BuiltInRules.All, .. userRules.Select(r => r.ToRule())];
        _userRules = userRules.Count > 0;
    }

    public IReadOnlyList<RedactionRule> Rules { get; }

    /// <summary>
    /// Whether an encoded request (protobuf, or OTLP-JSON when <paramref name="json"/>) may hold a secret; when not,
    /// it can be written as it came. A user rule has no literal to look for, so with one every request may.
    /// </summary>
    public bool MayRedact(ReadOnlySpan<byte> encoded, bool json) => _userRules || RedactionTriggers.MayMatch(encoded, json);

    /// <summary>The text with every secret replaced, counted in <paramref name="tally"/>; the same string when none.</summary>
    public string Redact(string text, RedactionTally tally)
    {
        if (text.Length == 0 || (!_userRules && !RedactionTriggers.MayMatch(text)))
        {
            return text;
        }

        for (var i = 0; i < Rules.Count; i++)
        {
            text = Rules[i].Apply(text, out var count);
            if (count > 0)
            {
                tally.Add(i, count);
            }
        }

        return text;
    }
}
