using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace CodexOtel.Bench.Browser;

/// <summary>
/// Whether an API answer's size is bounded whatever the store holds ("no page loads a whole table"): a list of
/// conversations, hits, tool calls or the costliest must carry <c>limit=</c> and return at most that many; one
/// conversation's timeline, records or traces are bounded by the conversation; totals, series, rolling windows,
/// per-tool figures and health are aggregates (a row per bucket, window or tool, not per conversation).
/// An API the bench does not know is reported as unbounded, so a new one is looked at.
/// </summary>
internal static class ApiShape
{
    private enum Kind
    {
        Paged,
        OneConversation,
        Aggregate,
        Unknown,
    }

    /// <summary>Parameters whose values change from load to load (times, cursors): the label keeps only their names.</summary>
    private static readonly HashSet<string> Volatile = new(StringComparer.Ordinal) { "since", "until", "after", "tz" };

    public static string Label(Uri url)
    {
        var path = Normalise(url.AbsolutePath);
        var query = QueryHelpers.ParseQuery(url.Query);
        var parameters = query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Volatile.Contains(p.Key) ? p.Key : $"{p.Key}={p.Value}");
        return query.Count == 0 ? path : $"{path}?{string.Join('&', parameters)}";
    }

    /// <summary>The rows of the answer, and why its size is unbounded (null: bounded).</summary>
    public static (int? Rows, string? Unbounded) Check(Uri url, ReadOnlySpan<byte> body)
    {
        var (kind, rowsOf) = Classify(url.AbsolutePath);
        int? rows = null;
        try
        {
            using var json = JsonDocument.Parse(body.ToArray());
            rows = Count(json.RootElement, rowsOf);
        }
        catch (JsonException)
        {
            // Not JSON (an export): no rows.
        }

        switch (kind)
        {
            case Kind.Paged:
                var query = QueryHelpers.ParseQuery(url.Query);
                if (!query.TryGetValue("limit", out var value) || !int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
                {
                    return (rows, "a list without limit=");
                }

                return (rows, rows > limit ? $"{rows} rows for limit={limit}" : null);
            case Kind.Unknown:
                return (rows, "an API the bench does not know");
            default:
                return (rows, null);
        }
    }

    private static (Kind Kind, string? Rows) Classify(string path) => Normalise(path) switch
    {
        "/api/conversations" => (Kind.Paged, "conversations"),
        "/api/search" => (Kind.Paged, "hits"),
        "/api/tools/{tool}/calls" => (Kind.Paged, "calls"),
        "/api/top" => (Kind.Paged, null),
        "/api/conversations/{id}" => (Kind.OneConversation, "timeline"),
        "/api/conversations/{id}/raw" or "/api/conversations/{id}/traces" => (Kind.OneConversation, null),
        "/api/series" => (Kind.Aggregate, "points"),
        "/api/tools" or "/api/totals" or "/api/rolling" or "/api/usage" or "/api/health" or "/api/verify" => (Kind.Aggregate, null),
        _ => (Kind.Unknown, null),
    };

    /// <summary>The path with a conversation's id or a tool's name replaced by a placeholder.</summary>
    private static string Normalise(string path)
    {
        var parts = path.Split('/');
        if (parts.Length >= 4 && parts[1] == "api" && parts[2] is "conversations" or "tools")
        {
            parts[3] = parts[2] == "conversations" ? "{id}" : "{tool}";
        }

        return string.Join('/', parts);
    }

    private static int? Count(JsonElement root, string? property) =>
        root.ValueKind == JsonValueKind.Array ? root.GetArrayLength()
        : property is not null && root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var rows) && rows.ValueKind == JsonValueKind.Array ? rows.GetArrayLength()
        : null;
}
