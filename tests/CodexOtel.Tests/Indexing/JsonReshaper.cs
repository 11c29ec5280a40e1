using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CodexOtel.Tests.Indexing;

/// <summary>
/// Rewrites an OTLP-JSON line in the ways JSON and the protobuf JSON mapping allow, and some they do not: snake_case
/// names, properties in another order, given twice or as null, unknown properties, null array elements, escaped
/// text, numbers as strings and strings as numbers, values of the wrong type, nested values; and bytes corrupted.
/// </summary>
internal sealed partial class JsonReshaper(int seed)
{
    private static readonly JsonWriterOptions Escaping = new() { Encoder = JavaScriptEncoder.Default, SkipValidation = true };
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly Random _random = new(seed);

    /// <summary>The line rewritten, at a rate of about one change per <paramref name="oneIn"/> nodes.</summary>
    public byte[] Reshape(string json, long oneIn)
    {
        var node = JsonNode.Parse(json)!;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, _random.Next(3) == 0 ? Escaping : Relaxed))
        {
            Write(writer, node, oneIn);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The line with a few of its bytes changed, cut short, or given bytes that are not UTF-8.</summary>
    public byte[] Corrupt(byte[] line)
    {
        var bytes = line.ToList();
        switch (_random.Next(5))
        {
            case 0:
                return [.. bytes.Take(_random.Next(bytes.Count))];
            case 1:
                bytes.Insert(_random.Next(bytes.Count), (byte)_random.Next(0x80, 0x100));
                break;
            case 2:
                bytes.InsertRange(_random.Next(bytes.Count), new byte[] { 0xC0, 0x80 });
                break;
            case 3:
                bytes.Insert(_random.Next(bytes.Count), (byte)_random.Next(0, 0x20));
                break;
            default:
                bytes[_random.Next(bytes.Count)] = (byte)"{}[]\":,0a\\"[_random.Next(10)];
                break;
        }

        return [.. bytes];
    }

    private void Write(Utf8JsonWriter writer, JsonNode? node, long oneIn)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                var properties = obj.ToList();
                if (Chance(oneIn))
                {
                    properties.Reverse();
                }

                foreach (var (name, value) in properties)
                {
                    var written = Chance(oneIn) ? SnakeCase(name) : name;
                    if (Chance(oneIn * 2))
                    {
                        writer.WritePropertyName(written);
                        writer.WriteNullValue();
                    }

                    writer.WritePropertyName(written);
                    WriteValue(writer, value, oneIn);
                    if (Chance(oneIn * 2))
                    {
                        // The same property again, with a value of another property's or the same.
                        writer.WritePropertyName(written);
                        Write(writer, properties[_random.Next(properties.Count)].Value, oneIn * 4);
                    }
                }

                if (Chance(oneIn * 2))
                {
                    writer.WritePropertyName("unknownField");
                    Write(writer, JsonNode.Parse("""{"a":[1,"x",null,{"b":true}]}"""), int.MaxValue);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    if (Chance(oneIn * 2))
                    {
                        writer.WriteNullValue();
                    }

                    Write(writer, item, oneIn);
                    if (item is JsonObject && Chance(oneIn * 3))
                    {
                        // An element twice: in attributes, a key given twice.
                        Write(writer, item, int.MaxValue);
                    }
                }

                writer.WriteEndArray();
                break;
            default:
                node?.WriteTo(writer);
                if (node is null)
                {
                    writer.WriteNullValue();
                }

                break;
        }
    }

    private void WriteValue(Utf8JsonWriter writer, JsonNode? value, long oneIn)
    {
        if (!Chance(oneIn))
        {
            Write(writer, value, oneIn);
            return;
        }

        switch (value)
        {
            case JsonValue v when v.TryGetValue<string>(out var text) && ulong.TryParse(text, out var number):
                writer.WriteNumberValue(number);
                break;
            case JsonValue v when v.TryGetValue<long>(out var number):
                writer.WriteStringValue(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case JsonValue v when v.TryGetValue<string>(out _):
                Write(writer, _random.Next(3) switch { 0 => JsonValue.Create(12), 1 => JsonValue.Create(true), _ => new JsonObject() }, int.MaxValue);
                break;
            case JsonObject:
                // A nested value where a scalar was.
                Write(writer, JsonNode.Parse("""{"arrayValue":{"values":[{"stringValue":"x"},{"intValue":"1"}]}}"""), int.MaxValue);
                break;
            default:
                Write(writer, JsonValue.Create("not what was here"), int.MaxValue);
                break;
        }
    }

    private bool Chance(long oneIn) => oneIn < int.MaxValue && _random.NextInt64(oneIn) == 0;

    private static string SnakeCase(string name) => UpperLetter().Replace(name, m => "_" + m.Value.ToLowerInvariant());

    [GeneratedRegex("[A-Z]")]
    private static partial Regex UpperLetter();
}
