using System.Buffers.Text;
using CodexOtel.Otlp.Json;
using static CodexOtel.Otlp.Json.OtlpJsonDecoder;

namespace CodexOtel.Metrics.SpanMetrics;

// The resource's service attributes and the span's scalars, read as the decoder reads them (OtlpJsonDecoder.Common.cs
// and .Scalars.cs); the decoder's rarer spellings are declined.
internal static partial class SpanLineReader
{
    /// <summary>A resource's key-values: service.name, service.namespace and service.instance.id go to <paramref name="service"/>.</summary>
    private static void ReadServiceAttributes(ref JsonCursor json, ref ServiceFields service)
    {
        json.StartArray();
        for (var more = true; NextMessage(ref json, ref more);)
        {
            var key = "";
            (ServiceValueKind Kind, string? Text) value = (ServiceValueKind.None, null);
            var first = true;
            while (json.NextProperty(ref first, out var name))
            {
                if (Is(name, "key"u8))
                {
                    key = json.Text();
                }
                else if (Is(name, "value"u8))
                {
                    value = ReadAnyValue(ref json);
                }
                else
                {
                    json.Skip();
                }
            }

            if (!service.Capture(key, value.Kind, value.Text))
            {
                throw new Declined(); // a number or structure as the service: leave its formatting to the decoded path
            }
        }
    }

    /// <summary>An AnyValue (the cursor at its object): its type, as the oneof's last field sets it, and its text when a string.</summary>
    private static (ServiceValueKind Kind, string? Text) ReadAnyValue(ref JsonCursor json)
    {
        json.StartObject();
        (ServiceValueKind Kind, string? Text) value = (ServiceValueKind.None, null);
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (Is(name, "stringValue"u8, "string_value"u8))
            {
                value = (ServiceValueKind.String, json.Text());
                continue;
            }

            if (Is(name, "intValue"u8, "int_value"u8) || Is(name, "boolValue"u8, "bool_value"u8) || Is(name, "doubleValue"u8, "double_value"u8)
                || Is(name, "arrayValue"u8, "array_value"u8) || Is(name, "kvlistValue"u8, "kvlist_value"u8) || Is(name, "bytesValue"u8, "bytes_value"u8))
            {
                value = (ServiceValueKind.Other, null);
            }

            json.Skip(); // an unknown field leaves the value as it was
        }

        return value;
    }

    // Integers as the decoder parses them (number or decimal string, Utf8Parser, all of it); the decoder's other
    // spellings of an integer (1.0, 1e3) are declined.
    private static ReadOnlySpan<byte> IntegerText(ref JsonCursor json) =>
        json.Peek() == (byte)'"' ? json.StringBytes() : json.Number();

    private static ulong UInt64(ref JsonCursor json)
    {
        var text = IntegerText(ref json);
        return Utf8Parser.TryParse(text, out ulong value, out var used) && used == text.Length ? value : throw new Declined();
    }

    /// <summary>An enum as its number (int32) or its proto name; unknown numbers are kept, unknown names declined.</summary>
    private static int Enum(ref JsonCursor json, OtlpEnumNames names)
    {
        var quoted = json.Peek() == (byte)'"';
        var text = IntegerText(ref json);
        if (Utf8Parser.TryParse(text, out int value, out var used) && used == text.Length)
        {
            return value;
        }

        var index = quoted ? names.IndexOf(text) : -1;
        return index >= 0 ? index : throw new Declined();
    }
}
