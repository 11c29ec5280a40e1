using System.Buffers;
using System.Buffers.Text;
using CodexOtel.Otlp.Json;
using static CodexOtel.Otlp.Json.OtlpJsonDecoder;

namespace CodexOtel.Metrics.SpanMetrics;

// Attributes and scalars, checked as the decoder checks them (OtlpJsonDecoder.Common.cs and .Scalars.cs) and kept
// only where spanmetrics needs them: the service attributes of a resource.
internal static partial class SpanLineReader
{
    private static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789abcdefABCDEF"u8);
    private static readonly SearchValues<byte> Base64Bytes = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="u8);

    private enum ValueKind : byte
    {
        /// <summary>No value set: AnyValues.String gives null.</summary>
        None,
        String,
        /// <summary>Any other type, which AnyValues.String would format.</summary>
        Other,
    }

    private static void SkipKeyValues(ref JsonCursor json, int depth)
    {
        var unused = default(ServiceFields);
        ReadKeyValues(ref json, depth, ref unused, capture: false);
    }

    /// <summary>An array of key-values at AnyValue nesting <paramref name="depth"/>; with <paramref name="capture"/>, the service attributes go to <paramref name="service"/>.</summary>
    private static void ReadKeyValues(ref JsonCursor json, int depth, ref ServiceFields service, bool capture)
    {
        json.StartArray();
        for (var more = true; NextMessage(ref json, ref more);)
        {
            // A resource's keys are read as text (escapes undone), others only checked.
            var key = "";
            (ValueKind Kind, string? Text) value = (ValueKind.None, null);
            var first = true;
            while (json.NextProperty(ref first, out var name))
            {
                if (Is(name, "key"u8))
                {
                    if (capture)
                    {
                        key = json.Text();
                    }
                    else
                    {
                        json.String(out _);
                    }
                }
                else if (Is(name, "value"u8))
                {
                    value = ReadAnyValue(ref json, depth + 1, capture);
                }
                else
                {
                    json.Skip();
                }
            }

            if (capture)
            {
                Capture(key, value, ref service);
            }
        }
    }

    private static void Capture(string key, (ValueKind Kind, string? Text) value, ref ServiceFields service)
    {
        if (key is not ("service.name" or "service.namespace" or "service.instance.id"))
        {
            return;
        }

        if (value.Kind == ValueKind.Other)
        {
            throw new Declined(); // a number or structure as the service: leave its formatting to the decoded path
        }

        if (key == "service.name")
        {
            if (!service.ServiceSeen)
            {
                service.ServiceSeen = true;
                service.Service = value.Text;
            }

            service.Name = value.Text;
        }
        else if (key == "service.namespace")
        {
            service.Namespace = value.Text;
        }
        else
        {
            service.Instance = value.Text;
        }
    }

    /// <summary>An AnyValue (the cursor at its object): its type, as the oneof's last field sets it, and its text when <paramref name="capture"/> and a string.</summary>
    private static (ValueKind Kind, string? Text) ReadAnyValue(ref JsonCursor json, int depth, bool capture)
    {
        if (depth > MaxAnyValueDepth)
        {
            throw new Declined();
        }

        json.StartObject();
        (ValueKind Kind, string? Text) value = (ValueKind.None, null);
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (Is(name, "stringValue"u8, "string_value"u8))
            {
                value = (ValueKind.String, capture ? json.Text() : Skipped(ref json));
            }
            else if (Is(name, "intValue"u8, "int_value"u8))
            {
                Int64(ref json);
                value = (ValueKind.Other, null);
            }
            else if (Is(name, "boolValue"u8, "bool_value"u8))
            {
                json.Bool();
                value = (ValueKind.Other, null);
            }
            else if (Is(name, "doubleValue"u8, "double_value"u8))
            {
                Double(ref json);
                value = (ValueKind.Other, null);
            }
            else if (Is(name, "arrayValue"u8, "array_value"u8))
            {
                SkipArrayValue(ref json, depth);
                value = (ValueKind.Other, null);
            }
            else if (Is(name, "kvlistValue"u8, "kvlist_value"u8))
            {
                SkipKvlistValue(ref json, depth);
                value = (ValueKind.Other, null);
            }
            else if (Is(name, "bytesValue"u8, "bytes_value"u8))
            {
                Base64(ref json);
                value = (ValueKind.Other, null);
            }
            else
            {
                json.Skip(); // an unknown field leaves the value as it was
            }
        }

        return value;
    }

    private static string? Skipped(ref JsonCursor json)
    {
        json.String(out _);
        return null;
    }

    private static void SkipArrayValue(ref JsonCursor json, int depth)
    {
        json.StartObject();
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (!Is(name, "values"u8))
            {
                json.Skip();
                continue;
            }

            json.StartArray();
            var firstElement = true;
            while (json.NextElement(ref firstElement))
            {
                if (!json.TakeNull())
                {
                    ReadAnyValue(ref json, depth + 1, capture: false);
                }
            }
        }
    }

    private static void SkipKvlistValue(ref JsonCursor json, int depth)
    {
        json.StartObject();
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (Is(name, "values"u8))
            {
                SkipKeyValues(ref json, depth);
            }
            else
            {
                json.Skip();
            }
        }
    }

    /// <summary>A trace or span id: "" (absent) or hex of exactly the id's length.</summary>
    private static void Id(ref JsonCursor json, int bytes)
    {
        var hex = json.StringBytes();
        if (hex.Length != 0 && (hex.Length != bytes * 2 || hex.ContainsAnyExcept(HexDigits)))
        {
            throw new Declined();
        }
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

    private static void UInt32(ref JsonCursor json)
    {
        var text = IntegerText(ref json);
        if (!Utf8Parser.TryParse(text, out uint _, out var used) || used != text.Length)
        {
            throw new Declined();
        }
    }

    private static void Int64(ref JsonCursor json)
    {
        var text = IntegerText(ref json);
        if (!Utf8Parser.TryParse(text, out long _, out var used) || used != text.Length)
        {
            throw new Declined();
        }
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

    private static void Double(ref JsonCursor json)
    {
        var quoted = json.Peek() == (byte)'"';
        var text = IntegerText(ref json);
        if (quoted && text is [(byte)'N' or (byte)'I' or (byte)'+' or (byte)'-', ..]
            && (text.SequenceEqual("NaN"u8) || text.SequenceEqual("Infinity"u8) || text.SequenceEqual("+Infinity"u8)
                || text.SequenceEqual("-Infinity"u8) || text.SequenceEqual("+Inf"u8) || text.SequenceEqual("Inf"u8) || text.SequenceEqual("-Inf"u8)))
        {
            return;
        }

        if (!Utf8Parser.TryParse(text, out double value, out var used) || used != text.Length || !double.IsFinite(value))
        {
            throw new Declined();
        }
    }

    /// <summary>Standard padded base64 only; the decoder's other forms (URL-safe, unpadded) are declined.</summary>
    private static void Base64(ref JsonCursor json)
    {
        var text = json.StringBytes();
        if (text.ContainsAnyExcept(Base64Bytes) || !System.Buffers.Text.Base64.IsValid(text))
        {
            throw new Declined();
        }
    }
}
