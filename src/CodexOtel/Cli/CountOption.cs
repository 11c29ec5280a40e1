using System.CommandLine;
using System.Globalization;

namespace CodexOtel.Cli;

/// <summary>
/// A "how many" option (<c>--limit</c>, <c>--lines</c>): a whole number in a range, with an error that names the option,
/// the value and the range instead of the parser's type name.
/// </summary>
internal static class CountOption
{
    /// <summary>More rows than anyone reads in a terminal, and few enough for one query to hold in memory.</summary>
    public const int Max = 100_000;

    public static Option<int> Create(string name, string alias, string description, int defaultValue, int min = 1, int max = Max) => new(name, alias)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError($"{name} {text} is not a whole number from {min} to {max.ToString("N0", CultureInfo.InvariantCulture)}.");
            return defaultValue;
        },
    };
}
