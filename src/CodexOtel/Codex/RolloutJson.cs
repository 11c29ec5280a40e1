using System.Text;
using System.Text.Json;

namespace CodexOtel.Codex;

/// <summary>Forgiving reads of rollout JSON: a missing or differently typed field is null, never an exception.</summary>
internal static class RolloutJson
{
    public static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static string? String(JsonElement? element, string name) => element is { } e ? String(e, name) : null;

    public static long? Long(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var l)
            ? l
            : null;

    public static bool? Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            }
            : null;

    /// <summary>A string field, or any other JSON value's raw text (e.g. a sandbox policy object).</summary>
    public static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
    }

    /// <summary>
    /// The text parts of a message's <c>content</c> array (<c>input_text</c>, <c>output_text</c>, <c>text</c>), joined
    /// without a separator, as Codex joins them for codex.user_prompt. A plain string content is returned as is.
    /// </summary>
    public static string? ContentText(JsonElement element, string name = "content")
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var content))
        {
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        string? single = null;
        StringBuilder? joined = null;
        foreach (var part in content.EnumerateArray())
        {
            if (String(part, "text") is not { } text)
            {
                continue;
            }

            if (single is null && joined is null)
            {
                single = text;
            }
            else
            {
                joined ??= new StringBuilder(single);
                joined.Append(text);
            }
        }

        return joined?.ToString() ?? single;
    }
}
