using System.Globalization;

namespace CodexOtel.Web;

/// <summary>Reads the API's query-string parameters; a malformed one is an <see cref="ApiParameterException"/> (400).</summary>
internal static class ApiParameters
{
    public static string? Text(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value.ToString()) ? value.ToString().Trim() : null;

    /// <summary>An ISO 8601 time (with an offset; without one it is UTC).</summary>
    public static DateTimeOffset? Time(HttpRequest request, string name) =>
        Text(request, name) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
        : throw new ApiParameterException($"{name}={text} is not an ISO 8601 time (e.g. 2026-12-06T10:00:00Z)");

    public static bool? Flag(HttpRequest request, string name) => Text(request, name) switch
    {
        null => null,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        var text => throw new ApiParameterException($"{name}={text} is not true or false"),
    };

    public static int Int(HttpRequest request, string name, int defaultValue, int min, int max) =>
        Text(request, name) is not { } text ? defaultValue
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : throw new ApiParameterException($"{name}={text} is not a whole number from {min} to {max}");

    public static T OneOf<T>(HttpRequest request, string name, T defaultValue, IReadOnlyDictionary<string, T> values) =>
        Text(request, name) is not { } text ? defaultValue
        : values.TryGetValue(text, out var value) ? value
        : throw new ApiParameterException($"{name}={text} is not one of {string.Join(", ", values.Keys)}");

    /// <summary>A time zone for grouping by day: an IANA name (the browser's), UTC by default.</summary>
    public static TimeZoneInfo Zone(HttpRequest request) =>
        Text(request, "tz") is not { } text ? TimeZoneInfo.Utc
        : TimeZoneInfo.TryFindSystemTimeZoneById(text, out var zone) ? zone
        : throw new ApiParameterException($"tz={text} is not a time zone this machine knows (e.g. Europe/Berlin)");
}
