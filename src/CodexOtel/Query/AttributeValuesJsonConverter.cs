using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodexOtel.Query;

/// <summary>
/// Writes a record's attribute values as the JSON values they are (string, bool, number, null); anything else as its
/// text. A converter rather than <c>object</c> serialisation: that needs each runtime type registered for Native AOT.
/// </summary>
internal sealed class AttributeValuesJsonConverter : JsonConverter<IReadOnlyDictionary<string, object?>>
{
    public override IReadOnlyDictionary<string, object?> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("attribute maps are written, never read");

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in value)
        {
            switch (item)
            {
                case null:
                    writer.WriteNull(key);
                    break;
                case string text:
                    writer.WriteString(key, text);
                    break;
                case bool flag:
                    writer.WriteBoolean(key, flag);
                    break;
                case long number:
                    writer.WriteNumber(key, number);
                    break;
                case int number:
                    writer.WriteNumber(key, number);
                    break;
                case double number:
                    writer.WriteNumber(key, number);
                    break;
                default:
                    writer.WriteString(key, item.ToString());
                    break;
            }
        }

        writer.WriteEndObject();
    }
}
