using System.Globalization;
using System.Text.Json.Nodes;
using CodexOtel.Ledger;
using CodexOtel.Serve;
using Tomlyn.Syntax;

namespace CodexOtel.Config;

/// <summary>
/// The values a setting takes: how one is read from the config file (a TOML value) and from text (an environment
/// variable or a flag), what is wrong with one that does not fit, and how it is shown.
/// </summary>
public abstract class ConfigValueKind
{
    /// <summary>What is valid, for a fix line: "a whole number from 1 to 64", "true or false".</summary>
    public abstract string Valid { get; }

    /// <summary>The value, or null with <paramref name="problem"/> ("is a string; it must be true or false").</summary>
    public object? FromToml(ValueSyntax value, out string? problem) => value switch
    {
        StringValueSyntax { Value: { } text } => FromTomlString(text, out problem),
        BooleanValueSyntax b when this is Switch => Done(b.Value, out problem),
        IntegerValueSyntax i when this is WholeNumber whole => whole.Check(i.Value, out problem),
        IntegerValueSyntax i when this is Size size => size.FromText(i.Value.ToString(CultureInfo.InvariantCulture), out problem),
        _ => Fail($"is {TomlType(value)}; it must be {Valid}", out problem),
    };

    /// <summary>The value of an environment variable or flag, or null with <paramref name="problem"/>.</summary>
    public abstract object? FromText(string text, out string? problem);

    /// <summary>How the value reads in <c>codex-otel config</c> (secrets masked).</summary>
    public virtual string Show(object? value) => value switch
    {
        null => "(none)",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The value in <c>codex-otel config --json</c> (secrets masked).</summary>
    public virtual JsonNode? Json(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        _ => JsonValue.Create(Show(value)),
    };

    protected virtual object? FromTomlString(string text, out string? problem) => Fail($"is a string; it must be {Valid}", out problem);

    private static object? Done(object value, out string? problem)
    {
        problem = null;
        return value;
    }

    private static object? Fail(string why, out string? problem)
    {
        problem = why;
        return null;
    }

    private static string TomlType(ValueSyntax value) => value switch
    {
        StringValueSyntax => "a string",
        BooleanValueSyntax => "true or false",
        IntegerValueSyntax => "a whole number",
        FloatValueSyntax => "a decimal number",
        DateTimeValueSyntax => "a date or time",
        ArraySyntax => "an array",
        InlineTableSyntax => "a table",
        _ => "a value of another type",
    };

    /// <summary>Text that is not blank, e.g. a folder; <paramref name="map"/> turns it into the value (e.g. a full path).</summary>
    public sealed class Text(string valid, Func<string, string> map) : ConfigValueKind
    {
        public override string Valid => valid;

        public override object? FromText(string text, out string? problem) =>
            string.IsNullOrWhiteSpace(text) ? Fail("is empty", out problem) : Done(map(text), out problem);

        protected override object? FromTomlString(string text, out string? problem) => FromText(text, out problem);
    }

    /// <summary>A folder path; <c>~</c> is the home folder, a relative path is taken from the current folder.</summary>
    public static Text Folder { get; } = new("a folder path, e.g. \"~/codex-audit\"", DataDirectory.FullPath);

    /// <summary>A file path, taken as <see cref="Folder"/> is.</summary>
    public static Text FilePath { get; } = new("a file path, e.g. \"~/certs/recorder.pem\"", DataDirectory.FullPath);

    /// <summary>A secret that is never shown: only whether it is set, and its last four characters when it is long.</summary>
    public sealed class Secret : ConfigValueKind
    {
        public override string Valid => "a key that is not blank";

        public override object? FromText(string text, out string? problem) =>
            string.IsNullOrWhiteSpace(text)
                ? Fail("is empty: an empty or blank key is no key, since any client could send it", out problem)
                : Done(text, out problem);

        public override string Show(object? value) => value is string key
            ? key.Length >= 16 ? "••••" + key[^4..] : "(set)"
            : "(none)";

        public override JsonNode? Json(object? value) => value is null ? null : JsonValue.Create(Show(value));

        protected override object? FromTomlString(string text, out string? problem) => FromText(text, out problem);
    }

    /// <summary>A HOST:PORT to listen on; with <paramref name="offAllowed"/> also <c>off</c>, for a listener that can be turned off.</summary>
    public sealed class Address(bool offAllowed = false) : ConfigValueKind
    {
        /// <summary>The value that turns a listener off.</summary>
        public const string Off = "off";

        public override string Valid => "HOST:PORT with an IP address, e.g. 127.0.0.1:4318 (port 0 picks a free one)" + (offAllowed ? ", or off" : "");

        public override object? FromText(string text, out string? problem) =>
            offAllowed && text.Trim().Equals(Off, StringComparison.OrdinalIgnoreCase) ? Done(Off, out problem)
            : ListenAddress.TryParse(text, out _, out var why) ? Done(text.Trim(), out problem)
            : Fail(why, out problem);

        protected override object? FromTomlString(string text, out string? problem) => FromText(text, out problem);
    }

    /// <summary>One of a few words, e.g. text or json.</summary>
    public sealed class Choice(params string[] choices) : ConfigValueKind
    {
        public override string Valid => string.Join(" or ", choices);

        public override object? FromText(string text, out string? problem) =>
            choices.Contains(text) ? Done(text, out problem) : Fail($"is not {Valid}", out problem);

        protected override object? FromTomlString(string text, out string? problem) => FromText(text, out problem);
    }

    /// <summary>On or off: true/false in the file; true, false, 1 or 0 in the environment.</summary>
    public sealed class Switch : ConfigValueKind
    {
        public override string Valid => "true or false";

        public override object? FromText(string text, out string? problem) => text.Trim().ToLowerInvariant() switch
        {
            "true" or "1" => Done(true, out problem),
            "false" or "0" => Done(false, out problem),
            _ => Fail("is not true or false (or 1 or 0)", out problem),
        };
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public sealed class WholeNumber(long min, long max) : ConfigValueKind
    {
        public override string Valid => $"a number from {min} to {max}";

        public override object? FromText(string text, out string? problem) =>
            long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? Check(value, out problem)
                : Fail($"is not {Valid}", out problem);

        internal object? Check(long value, out string? problem) =>
            value >= min && value <= max ? Done(value, out problem) : Fail($"is out of range ({min}–{max})", out problem);
    }

    /// <summary>An age such as "90d": a whole number of hours (h), days (d) or weeks (w), from 1 hour to 100 years.</summary>
    public sealed class Age : ConfigValueKind
    {
        public override string Valid => "an age like \"90d\", \"12h\" or \"8w\" (hours, days or weeks)";

        public override object? FromText(string text, out string? problem)
        {
            text = text.Trim();
            var unit = text.Length < 2 ? null : text[^1] switch
            {
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                'w' => TimeSpan.FromDays(7),
                _ => (TimeSpan?)null,
            };
            if (unit is not { } step || !long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return Fail($"is not {Valid}", out problem);
            }

            return count >= 1 && count * step.TotalDays <= 36_500 ? Done(step * count, out problem) : Fail("is out of range (1h–100 years)", out problem);
        }

        public override string Show(object? value) => value is TimeSpan age
            ? age.TotalDays >= 1 && age.Hours == 0 ? $"{age.TotalDays:0}d" : $"{age.TotalHours:0}h"
            : "(none)";

        public override JsonNode? Json(object? value) => value is null ? null : JsonValue.Create(Show(value));

        protected override object? FromTomlString(string text, out string? problem) => FromText(text, out problem);
    }

    /// <summary>A size in bytes: a whole number, or a string with KB, MB, GB or TB (powers of 1024), e.g. "50GB".</summary>
    public sealed class Size : ConfigValueKind
    {
        private static readonly (string Unit, long Bytes)[] Units = [("TB", 1L << 40), ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1)];

        public override string Valid => "a size like \"50GB\" (KB, MB, GB, TB) or a number of bytes, at least 1 MB";

        public override object? FromText(string text, out string? problem)
        {
            text = text.Trim();
            var (unit, bytes) = Units.FirstOrDefault(u => text.EndsWith(u.Unit, StringComparison.OrdinalIgnoreCase), ("", 1));
            if (!long.TryParse(text[..^unit.Length].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > long.MaxValue / bytes)
            {
                return Fail($"is not {Valid}", out problem);
            }

            return count * bytes >= 1L << 20 ? Done(count * bytes, out problem) : Fail("is below 1 MB: that would prune every rotated segment at once", out problem);
        }

        public override string Show(object? value) => value is long size
            ? Units.First(u => size % u.Bytes == 0) is var (unit, bytes) ? $"{size / bytes}{unit}" : ""
            : "(none)";

        public override JsonNode? Json(object? value) => value is long size ? JsonValue.Create(size) : null;

        protected override object? FromTomlString(string text, out string? problem) => FromText(text, out problem);
    }
}
