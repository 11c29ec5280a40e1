using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace CodexOtel.Otlp.Json;

// Scalars follow the protobuf JSON mapping: 64-bit integers as numbers or decimal strings (32-bit ones too),
// doubles as numbers or strings including "NaN"/"Infinity"/"-Infinity", enums as integers or names.
internal static partial class OtlpJsonDecoder
{
    private const double TwoPow64 = 18446744073709551616.0;
    private const double TwoPow63 = 9223372036854775808.0;

    private static string ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Failure(ref reader, $"expected a string, got {Describe(ref reader)}");
        }

        return reader.GetString()!;
    }

    internal static bool ReadBool(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Failure(ref reader, $"expected true or false, got {Describe(ref reader)}"),
    };

    internal static ulong ReadUInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetUInt64(out var value))
            {
                return value;
            }

            if (reader.TryGetDouble(out var d) && IsWhole(d) && d >= 0 && d < TwoPow64)
            {
                return (ulong)d;
            }
        }
        else if (reader.TokenType == JsonTokenType.String)
        {
            var text = StringBytes(ref reader);
            if (Utf8Parser.TryParse(text, out ulong value, out var consumed) && consumed == text.Length)
            {
                return value;
            }
        }

        throw Failure(ref reader, $"expected an unsigned 64-bit integer, got {Describe(ref reader)}");
    }

    internal static long ReadInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var value))
            {
                return value;
            }

            if (reader.TryGetDouble(out var d) && IsWhole(d) && d >= -TwoPow63 && d < TwoPow63)
            {
                return (long)d;
            }
        }
        else if (reader.TokenType == JsonTokenType.String)
        {
            var text = StringBytes(ref reader);
            if (Utf8Parser.TryParse(text, out long value, out var consumed) && consumed == text.Length)
            {
                return value;
            }
        }

        throw Failure(ref reader, $"expected a 64-bit integer, got {Describe(ref reader)}");
    }

    internal static uint ReadUInt32(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetUInt32(out var value))
            {
                return value;
            }

            if (reader.TryGetDouble(out var d) && IsWhole(d) && d >= 0 && d <= uint.MaxValue)
            {
                return (uint)d;
            }
        }
        else if (reader.TokenType == JsonTokenType.String)
        {
            var text = StringBytes(ref reader);
            if (Utf8Parser.TryParse(text, out uint value, out var consumed) && consumed == text.Length)
            {
                return value;
            }
        }

        throw Failure(ref reader, $"expected an unsigned 32-bit integer, got {Describe(ref reader)}");
    }

    private static int ReadInt32(ref Utf8JsonReader reader)
    {
        if (TryReadInt32(ref reader, out var value))
        {
            return value;
        }

        throw Failure(ref reader, $"expected a 32-bit integer, got {Describe(ref reader)}");
    }

    private static bool TryReadInt32(ref Utf8JsonReader reader, out int value)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt32(out value))
            {
                return true;
            }

            if (reader.TryGetDouble(out var d) && IsWhole(d) && d >= int.MinValue && d <= int.MaxValue)
            {
                value = (int)d;
                return true;
            }
        }
        else if (reader.TokenType == JsonTokenType.String)
        {
            var text = StringBytes(ref reader);
            if (Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length)
            {
                return true;
            }
        }

        value = 0;
        return false;
    }

    internal static double ReadDouble(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetDouble(out var value))
            {
                return value;
            }
        }
        else if (reader.TokenType == JsonTokenType.String)
        {
            var text = StringBytes(ref reader);
            if (TryParseSpecialDouble(text, out var special))
            {
                return special;
            }

            if (Utf8Parser.TryParse(text, out double value, out var consumed) && consumed == text.Length
                && double.IsFinite(value))
            {
                return value;
            }
        }

        throw Failure(ref reader, $"expected a number, got {Describe(ref reader)}");
    }

    // The protobuf JSON spellings, plus Go's ("+Inf", "-Inf") which older collectors wrote.
    private static bool TryParseSpecialDouble(ReadOnlySpan<byte> text, out double value)
    {
        if (text.SequenceEqual("NaN"u8))
        {
            value = double.NaN;
        }
        else if (text.SequenceEqual("Infinity"u8) || text.SequenceEqual("+Infinity"u8)
            || text.SequenceEqual("+Inf"u8) || text.SequenceEqual("Inf"u8))
        {
            value = double.PositiveInfinity;
        }
        else if (text.SequenceEqual("-Infinity"u8) || text.SequenceEqual("-Inf"u8))
        {
            value = double.NegativeInfinity;
        }
        else
        {
            value = 0;
            return false;
        }

        return true;
    }

    private static void ReadUInt64s(ref Utf8JsonReader reader, RepeatedField<ulong> target)
    {
        ExpectArray(ref reader);
        while (NextElement(ref reader))
        {
            target.Add(ReadUInt64(ref reader));
        }
    }

    private static void ReadDoubles(ref Utf8JsonReader reader, RepeatedField<double> target)
    {
        ExpectArray(ref reader);
        while (NextElement(ref reader))
        {
            target.Add(ReadDouble(ref reader));
        }
    }

    private static void ReadStrings(ref Utf8JsonReader reader, RepeatedField<string> target)
    {
        ExpectArray(ref reader);
        while (NextElement(ref reader))
        {
            target.Add(ReadString(ref reader));
        }
    }

    /// <summary>An enum as its number or its proto name (e.g. "SPAN_KIND_SERVER"); unknown numbers are kept.</summary>
    internal static int ReadEnum(ref Utf8JsonReader reader, OtlpEnumNames names)
    {
        if (TryReadInt32(ref reader, out var value))
        {
            return value;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var index = names.IndexOf(StringBytes(ref reader));
            if (index >= 0)
            {
                return index;
            }

            throw Failure(ref reader, $"unknown {names.EnumName} {Describe(ref reader)}");
        }

        throw Failure(ref reader, $"expected a {names.EnumName} (integer or name), got {Describe(ref reader)}");
    }

    /// <summary>A trace or span id: hex of exactly the id's length, either case; "" means absent.</summary>
    private static ByteString ReadId(ref Utf8JsonReader reader, int byteLength)
    {
        var bytes = new byte[byteLength];
        return ReadId(ref reader, bytes) == 0 ? ByteString.Empty : UnsafeByteOperations.UnsafeWrap(bytes);
    }

    /// <summary>A trace or span id into <paramref name="destination"/> (its length is the id's); returns 0 for "" (absent), else the length.</summary>
    internal static int ReadId(ref Utf8JsonReader reader, Span<byte> destination)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Failure(ref reader, $"expected a hex string, got {Describe(ref reader)}");
        }

        var hex = StringBytes(ref reader);
        if (hex.IsEmpty)
        {
            return 0;
        }

        var problem = HexId.TryDecode(hex, destination);
        if (problem is not null)
        {
            throw Failure(ref reader, problem);
        }

        return destination.Length;
    }

    /// <summary>Bytes as base64 (standard or URL-safe, padding optional), per the protobuf JSON mapping.</summary>
    private static ByteString ReadBytes(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Failure(ref reader, $"expected a base64 string, got {Describe(ref reader)}");
        }

        if (reader.TryGetBytesFromBase64(out var bytes))
        {
            return UnsafeByteOperations.UnsafeWrap(bytes);
        }

        var text = new StringBuilder(reader.GetString()).Replace('-', '+').Replace('_', '/');
        while (text.Length % 4 != 0)
        {
            text.Append('=');
        }

        var buffer = new byte[text.Length / 4 * 3];
        if (Convert.TryFromBase64String(text.ToString(), buffer, out var written))
        {
            return ByteString.CopyFrom(buffer, 0, written);
        }

        throw Failure(ref reader, $"expected base64, got {Describe(ref reader)}");
    }

    private static bool IsWhole(double d) => double.IsFinite(d) && Math.Floor(d) == d;
}
