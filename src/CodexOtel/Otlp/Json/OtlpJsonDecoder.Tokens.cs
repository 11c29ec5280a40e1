using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;

namespace CodexOtel.Otlp.Json;

internal static partial class OtlpJsonDecoder
{
    private delegate T MessageReader<T>(ref Utf8JsonReader reader);

    /// <summary>Moves to the next token; running out of input is an error.</summary>
    internal static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new DecodeFailure("unexpected end of input", reader.BytesConsumed);
        }
    }

    /// <summary>
    /// Inside an object: moves to the next property's value and returns its name, skipping properties whose value
    /// is null (null means absent). Returns false at the end of the object.
    /// </summary>
    internal static bool NextProperty(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        while (NextPropertyName(ref reader))
        {
            name = NameOf(ref reader);
            Next(ref reader);
            if (reader.TokenType != JsonTokenType.Null)
            {
                return true;
            }
        }

        name = default;
        return false;
    }

    /// <summary>Inside an object: moves to the next property name; false at the end of the object.</summary>
    private static bool NextPropertyName(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Inside an array: moves to the next element; false at the end of the array.</summary>
    internal static bool NextElement(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType != JsonTokenType.EndArray;
    }

    private static ReadOnlySpan<byte> NameOf(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    /// <summary>The current string token's text as UTF-8, unescaped.</summary>
    private static ReadOnlySpan<byte> StringBytes(ref Utf8JsonReader reader) => NameOf(ref reader);

    internal static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> camelCase) => name.SequenceEqual(camelCase);

    internal static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> camelCase, ReadOnlySpan<byte> snakeCase) =>
        name.SequenceEqual(camelCase) || name.SequenceEqual(snakeCase);

    internal static void ExpectObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Failure(ref reader, $"expected an object, got {Describe(ref reader)}");
        }
    }

    internal static void ExpectArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Failure(ref reader, $"expected an array, got {Describe(ref reader)}");
        }
    }

    /// <summary>Reads an array of messages; null elements are skipped like absent ones.</summary>
    private static void ReadMessages<T>(ref Utf8JsonReader reader, RepeatedField<T> target, MessageReader<T> read)
    {
        ExpectArray(ref reader);
        while (NextElement(ref reader))
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            ExpectObject(ref reader);
            target.Add(read(ref reader));
        }
    }

    /// <summary>Reads a message-typed value (the reader is on its first token).</summary>
    private static T ReadMessage<T>(ref Utf8JsonReader reader, MessageReader<T> read)
    {
        ExpectObject(ref reader);
        return read(ref reader);
    }

    private static DecodeFailure Failure(ref Utf8JsonReader reader, string message) =>
        new(message, reader.TokenStartIndex);

    /// <summary>The current token for an error message: its type, and its text when short.</summary>
    private static string Describe(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var text = reader.GetString() ?? string.Empty;
                return text.Length <= 40 ? $"the string \"{text}\"" : $"a string of {text.Length} characters";
            case JsonTokenType.Number:
                var digits = Encoding.UTF8.GetString(reader.ValueSpan);
                return digits.Length <= 40 ? $"the number {digits}" : "a number";
            case JsonTokenType.StartObject:
                return "an object";
            case JsonTokenType.StartArray:
                return "an array";
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                return "null";
            default:
                return reader.TokenType.ToString();
        }
    }
}
