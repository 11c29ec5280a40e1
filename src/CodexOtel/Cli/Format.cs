using System.Globalization;
using CodexOtel.Codex;

namespace CodexOtel.Cli;

/// <summary>How numbers, times and text read at a glance in tables.</summary>
internal static class Format
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>1234 → 1.2k, 2500000 → 2.5M.</summary>
    public static string Count(long value) => value switch
    {
        < 1_000 => value.ToString(Culture),
        < 10_000 => (value / 1_000.0).ToString("0.0", Culture) + "k",
        < 1_000_000 => (value / 1_000).ToString(Culture) + "k",
        < 10_000_000 => (value / 1_000_000.0).ToString("0.0", Culture) + "M",
        _ => (value / 1_000_000).ToString(Culture) + "M",
    };

    public static string Grouped(long value) => value.ToString("N0", Culture);

    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 0.001 => "0s",
        < 60 => span.TotalSeconds.ToString("0.0", Culture) + "s",
        < 3600 => $"{(int)span.TotalMinutes}m{span.Seconds:00}s",
        _ => $"{(int)span.TotalHours}h{span.Minutes:00}m",
    };

    /// <summary>USD, or "?" when the model's price is unknown (never $0 for unknown).</summary>
    public static string Cost(decimal? usd) => usd switch
    {
        null => "?",
        0 => "$0",
        < 0.01m => "$" + usd.Value.ToString("0.000", Culture),
        < 100m => "$" + usd.Value.ToString("0.00", Culture),
        _ => "$" + usd.Value.ToString("N0", Culture),
    };

    public static string LocalTime(DateTimeOffset time, TimeZoneInfo zone, string format = "yyyy-MM-dd HH:mm:ss") =>
        TimeZoneInfo.ConvertTime(time, zone).ToString(format, Culture);

    /// <summary>One line of at most <paramref name="width"/> characters.</summary>
    public static string OneLine(string? text, int width)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var flat = string.Join(' ', text.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return flat.Length <= width ? flat : flat[..(width - 1)] + "…";
    }

    public static string ShortId(string id) => id.Length <= 12 ? id : id[..12];

    /// <summary>Who sent records: <c>key "alice" from 10.0.0.5</c>, <c>no key from 127.0.0.1</c>.</summary>
    public static string Sender(ConversationSender sender) =>
        (sender.Key is { } key ? $"key \"{key}\"" : "no key") + (sender.Address is { } address ? $" from {address}" : "");
}
