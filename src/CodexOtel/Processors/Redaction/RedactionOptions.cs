using System.Text.RegularExpressions;

namespace CodexOtel.Processors.Redaction;

/// <summary>The <c>[redaction]</c> section: whether secrets are redacted before the ledger, and the user's own rules.</summary>
public sealed record RedactionOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>The <c>[[redaction.rules]]</c> tables, applied after the built-in rules.</summary>
    public IReadOnlyList<UserRedactionRule> Rules { get; init; } = [];
}

/// <summary>
/// A rule from the config file: a name (shown in the marker) and a .NET regular expression; its group named
/// <c>secret</c>, if it has one, is the part redacted. Run without backtracking, so that no pattern can make a
/// request take long, which rules out lookarounds and backreferences.
/// </summary>
public sealed record UserRedactionRule(string Name, string Pattern)
{
    /// <summary>The rule's name, as the marker shows it.</summary>
    public const string ValidName = "letters, digits, _ . or -, up to 64";

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    /// <exception cref="ArgumentException">the pattern is not a regular expression this engine runs</exception>
    /// <exception cref="NotSupportedException">the pattern uses a construct that needs backtracking</exception>
    public Regex Compile() => new(Pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    public RedactionRule ToRule() => new(Name, Compile());
}
