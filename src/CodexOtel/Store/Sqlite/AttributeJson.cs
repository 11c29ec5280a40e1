using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CodexOtel.Store.Sqlite;

/// <summary>
/// Attribute maps as compact JSON, without reflection: strings, booleans, integers (read back as long), floating point
/// numbers (read back as double, also when integral), nested lists and maps (read back as List and Dictionary).
/// <para>
/// An event's attributes are stored in two parts (<see cref="StoredAttributes"/>). The shape, which events of one kind
/// in one session share, is the map with its keys in order, each value given as one of:
/// <list type="bullet">
/// <item>a reference to one of the event's <see cref="SharedValues"/> (<c>"\u0001t"</c>: a value equal to a column);</item>
/// <item>the text itself, for the keys Codex repeats unchanged on every event of a session (<see cref="IsShapeConstant"/>);</item>
/// <item>a slot (<c>"\u0001"</c>): the next of the event's own values.</item>
/// </list>
/// The values are a JSON array of what fills the slots. Index rows were mostly key names and those repeated texts.
/// </para>
/// </summary>
public static class AttributeJson
{
    // Relaxed escaping: the JSON never ends up in HTML, and prompts in any language stay readable UTF-8, not \uXXXX.
    internal static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A shape's value for a slot.</summary>
    internal static readonly string Slot = SharedValues.Marker.ToString();

    [ThreadStatic]
    private static JsonBuffer? t_shape;

    [ThreadStatic]
    private static JsonBuffer? t_values;

    /// <summary>
    /// True for the keys whose text the shape holds: Codex sets them per session (see codex-telemetry.md) and repeats
    /// them on every event. A text that starts with the marker goes in a slot, so shapes need no escaping.
    /// </summary>
    public static bool IsShapeConstant(string key) =>
        key is "app.version" or "auth_mode" or "originator" or "terminal.type" or "slug" or "user.account_id" or "user.email";

    /// <summary>
    /// A map as one JSON object, every value in place (resources), as <see cref="Read(ReadOnlySpan{byte}, SharedValues)"/>
    /// reads it: a top-level string that starts with the marker has it doubled.
    /// </summary>
    public static byte[] WriteObject(IReadOnlyDictionary<string, object?> attributes)
    {
        var json = (t_values ??= new JsonBuffer()).Start();
        json.WriteStartObject();
        foreach (var (key, value) in attributes)
        {
            json.WritePropertyName(key);
            if (value is string { Length: > 0 } s && s[0] == SharedValues.Marker)
            {
                json.WriteStringValue(SharedValues.Marker + s);
            }
            else
            {
                WriteValue(json, value);
            }
        }

        json.WriteEndObject();
        return t_values.Written().ToArray();
    }

    /// <summary>An event's attributes as their shape and their own values.</summary>
    public static StoredAttributes WriteStored(IReadOnlyDictionary<string, object?> attributes, SharedValues shared)
    {
        var shape = (t_shape ??= new JsonBuffer()).Start();
        var values = (t_values ??= new JsonBuffer()).Start();
        shape.WriteStartObject();
        values.WriteStartArray();
        foreach (var (key, value) in attributes)
        {
            shape.WritePropertyName(key);
            if (value is string s && shared.ReferenceTo(s) is { } reference)
            {
                Span<char> marker = [SharedValues.Marker, reference];
                shape.WriteStringValue(marker);
            }
            else if (value is string text && IsShapeConstant(key) && !text.StartsWith(SharedValues.Marker))
            {
                shape.WriteStringValue(text);
            }
            else
            {
                shape.WriteStringValue(Slot);
                WriteValue(values, value);
            }
        }

        shape.WriteEndObject();
        values.WriteEndArray();
        return new StoredAttributes(new AttributeShape(t_shape.Written().ToArray()), t_values.Written().ToArray());
    }

    /// <summary>Stored attributes back into their map.</summary>
    public static Dictionary<string, object?> Read(StoredAttributes stored, SharedValues shared)
    {
        var shape = new Utf8JsonReader(stored.Shape.Json);
        var values = new Utf8JsonReader(stored.Values);
        shape.Read();
        values.Read();
        var map = new Dictionary<string, object?>();
        while (shape.Read() && shape.TokenType == JsonTokenType.PropertyName)
        {
            var key = shape.GetString()!;
            shape.Read();
            var value = ReadValue(ref shape);
            map[key] = value is string { Length: 1 } s && s[0] == SharedValues.Marker ? NextValue(ref values) : Resolved(value, shared);
        }

        return map;
    }

    private static object? NextValue(ref Utf8JsonReader values) => values.Read() ? ReadValue(ref values) : null;

    // A shape's value other than a slot: a reference, or the value itself.
    private static object? Resolved(object? value, SharedValues shared) =>
        value is string { Length: 2 } s && s[0] == SharedValues.Marker ? shared.Resolve(s[1]) : value;

    /// <summary>One attribute of stored attributes, without making the map: what a summary looks up.</summary>
    public static bool TryFind(StoredAttributes stored, SharedValues shared, string key, out object? value)
    {
        if (!stored.Shape.TryGet(key, out var entry))
        {
            value = null;
            return false;
        }

        value = entry.Slot >= 0 ? ValueAt(stored.Values, entry.Slot) : Resolved(entry.Value, shared);
        return true;
    }

    /// <summary>Where each key of a shape has its value (the first, should a key be given twice).</summary>
    internal static Dictionary<string, AttributeShape.Entry> EntriesOf(ReadOnlySpan<byte> shapeJson)
    {
        var shape = new Utf8JsonReader(shapeJson);
        shape.Read();
        var entries = new Dictionary<string, AttributeShape.Entry>(StringComparer.Ordinal);
        var slot = 0;
        while (shape.Read() && shape.TokenType == JsonTokenType.PropertyName)
        {
            var key = shape.GetString()!;
            shape.Read();
            var isSlot = shape.TokenType == JsonTokenType.String && shape.ValueTextEquals(Slot);
            entries.TryAdd(key, isSlot ? new(slot++, null) : new(-1, ReadValue(ref shape)));
        }

        return entries;
    }

    private static object? ValueAt(ReadOnlySpan<byte> values, int index)
    {
        var reader = new Utf8JsonReader(values);
        reader.Read();
        for (var i = 0; i < index; i++)
        {
            reader.Read();
            reader.Skip();
        }

        return NextValue(ref reader);
    }

    /// <summary>
    /// A map as one JSON object: resources, and the attributes of events indexed before shapes (schema 3), whose
    /// top-level strings may be references to <paramref name="shared"/> values (a leading marker doubled escaped one).
    /// </summary>
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

/// <summary>A reusable buffer and JSON writer (one per thread and use).</summary>
internal sealed class JsonBuffer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public JsonBuffer() => _writer = new Utf8JsonWriter(_buffer, AttributeJson.WriterOptions);

    public Utf8JsonWriter Start()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    /// <summary>What was written since <see cref="Start"/>, valid until the next start.</summary>
    public ReadOnlySpan<byte> Written()
    {
        _writer.Flush();
        return _buffer.WrittenSpan;
    }
}
