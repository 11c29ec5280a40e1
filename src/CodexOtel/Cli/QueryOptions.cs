using System.CommandLine;
using System.Globalization;

namespace CodexOtel.Cli;

/// <summary>Options the query commands share: time zone, time range, model, output form.</summary>
internal static class QueryOptions
{
    /// <summary>How far back an age (--since 3d) may reach: far enough for any record, near enough for dates to exist.</summary>
    private const int MaxAgeDays = 36_500;

    public static readonly Option<string?> TimeZone = new("--tz")
    {
        Description = "Show times in this zone, e.g. UTC or Europe/Berlin (default: local)",
    };

    public static readonly Option<string?> Since = new("--since")
    {
        Description = "From this time: 2026-11-23, 2026-11-23T18:00, or an age like 2h, 3d, 1w",
    };

    public static readonly Option<string?> Until = new("--until")
    {
        Description = "Before this time (same forms as --since)",
    };

    public static readonly Option<string?> Model = new("--model") { Description = "Only this model" };

    public static TimeZoneInfo Zone(ParseResult parse)
    {
        var name = parse.GetValue(TimeZone);
        if (string.IsNullOrWhiteSpace(name) || name.Equals("local", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Local;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new UserError($"--tz \"{name}\" is not a known time zone.", "use an IANA name such as UTC, Europe/Berlin or America/New_York");
        }
    }

    /// <summary>An absolute time or an age (2h, 3d, 1w, 30m) before now, read in <paramref name="zone"/>.</summary>
    public static DateTimeOffset? Time(ParseResult parse, Option<string?> option, TimeZoneInfo zone)
    {
        var text = parse.GetValue(option)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            var unit = text[^1] switch
            {
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                'w' => TimeSpan.FromDays(7),
                _ => (TimeSpan?)null,
            };
            if (unit is { } step)
            {
                if (!double.IsFinite(amount) || Math.Abs(amount * step.TotalDays) > MaxAgeDays)
                {
                    throw new UserError(
                        $"{option.Name} {text} is out of range: an age goes back at most {MaxAgeDays} days (100 years).",
                        $"use a smaller age, e.g. {option.Name} 30d, or a date like {option.Name} 2026-11-23");
                }

                return DateTimeOffset.Now - (step * amount);
            }
        }

        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss"];
        if (DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var absolute))
        {
            return absolute;
        }

        throw new UserError($"{option.Name} \"{text}\" is not a time.", $"use a date like 2026-11-23, a time like 2026-11-23T18:00, or an age like 2h, 3d, 1w");
    }
}
