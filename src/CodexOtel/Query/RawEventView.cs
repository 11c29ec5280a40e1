using System.Text.Json.Serialization;
using CodexOtel.Codex;

namespace CodexOtel.Query;

/// <summary>One record of a conversation as recorded (<c>show --raw</c>): every attribute and resource attribute.</summary>
public sealed record RawEventView(
    string Event,
    DateTimeOffset Time,
    string Source,
    [property: JsonConverter(typeof(AttributeValuesJsonConverter))] IReadOnlyDictionary<string, object?> Attributes,
    [property: JsonConverter(typeof(AttributeValuesJsonConverter))] IReadOnlyDictionary<string, object?> Resource)
{
    public static RawEventView Of(CodexEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new RawEventView(e.Name, e.Time.ToUniversalTime(), e.Source, e.Attributes, e.Resource);
    }
}
