using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CodexOtel.Store;

/// <summary>
/// Attribute maps as compact JSON, without reflection: strings, booleans, integers (read back as long), floating point
/// numbers (read back as double, also when integral), nested lists and maps (read back as List and Dictionary).
/// Top-level strings equal to one of the event's <see cref="SharedValues"/> are stored as a reference to it.
/// </summary>
public static class AttributeJson
{
    // Relaxed escaping: the JSON never ends up in HTML, and prompts in any language stay readable UTF-8, not \uXXXX.
    internal static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static string Write(IReadOnlyDictionary<string, object?> attributes) =>
        System.Text.Encoding.UTF8.GetString(WriteUtf8(attributes, default));

    /// <summary>The JSON as UTF-8, valid until the next call on this thread.</summary>
    public static ReadOnlySpan<byte> WriteUtf8(IReadOnlyDictionary<string, object?> attributes, SharedValues shared)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var json = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        json.Reset(buffer);
        json.WriteStartObject();
        foreach (var (key, value) in attributes)
        {
            json.WritePropertyName(key);
            if (value is string s)
            {
                WriteTopLevelString(json, s, shared);
            }
            else
            {
                WriteValue(json, value);
            }
        }

        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenSpan;
    }

    public static Dictionary<string, object?> Read(ReadOnlySpan<byte> utf8, SharedValues shared = default)
    {
        var reader = new Utf8JsonReader(utf8);
        reader.Read();
        var map = new Dictionary<string, object?>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            var value = ReadValue(ref reader);
            map[key] = value is string { Length: > 0 } s && s[0] == SharedValues.Marker ? Dereference(s, shared) : value;
        }

        return map;
    }

    private static void WriteTopLevelString(Utf8JsonWriter json, string value, SharedValues shared)
    {
        if (shared.ReferenceTo(value) is { } reference)
        {
            Span<char> marker = [SharedValues.Marker, reference];
            json.WriteStringValue(marker);
        }
        else if (value.Length > 0 && value[0] == SharedValues.Marker)
        {
            json.WriteStringValue(SharedValues.Marker + value);
        }
        else
        {
            json.WriteStringValue(value);
        }
    }

    private static string Dereference(string stored, SharedValues shared) =>
        stored.Length == 2 && shared.Resolve(stored[1]) is { } value ? value : stored[1..];

    private static void WriteMap(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, object?>> map)
    {
        json.WriteStartObject();
        foreach (var (key, value) in map)
        {
            json.WritePropertyName(key);
            WriteValue(json, value);
        }

        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case long or int or short or sbyte or byte or ushort or uint:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                json.WriteNumberValue(u);
                break;
            case double or float:
                WriteFloat(json, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case decimal m:
                json.WriteNumberValue(m);
                break;
            case byte[] bytes:
                json.WriteStringValue(Convert.ToBase64String(bytes));
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                WriteMap(json, map);
                break;
            case IEnumerable list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    // Integral doubles keep a ".0" so they read back as doubles, not as longs.
    internal static void WriteFloat(Utf8JsonWriter json, double d)
    {
        if (!double.IsFinite(d))
        {
            json.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
        }
        else if (d == Math.Floor(d) && Math.Abs(d) < 1e15)
        {
            json.WriteRawValue(d.ToString("F1", CultureInfo.InvariantCulture), skipInputValidation: true);
        }
        else
        {
            json.WriteNumberValue(d);
        }
    }

    private static Dictionary<string, object?> ReadMap(ref Utf8JsonReader reader)
    {
        var map = new Dictionary<string, object?>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = ReadValue(ref reader);
        }

        return map;
    }

    private static object? ReadValue(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Number => ReadNumber(ref reader),
        JsonTokenType.StartObject => ReadMap(ref reader),
        JsonTokenType.StartArray => ReadList(ref reader),
        _ => null,
    };

    private static object ReadNumber(ref Utf8JsonReader reader)
    {
        var span = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return span.IndexOfAny(".eE"u8) < 0 && reader.TryGetInt64(out var l) ? l : (object)reader.GetDouble();
    }

    private static List<object?> ReadList(ref Utf8JsonReader reader)
    {
        var list = new List<object?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ReadValue(ref reader));
        }

        return list;
    }
}
