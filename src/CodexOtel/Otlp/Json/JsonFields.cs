using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace CodexOtel.Otlp.Json;

/// <summary>
/// Scalar OTLP-JSON fields as pdata writes them (see <see cref="OtlpJsonEncoder"/>): defaults omitted, 64-bit
/// integers quoted. Shared by the encoder of decoded messages and the protobuf transcoder.
/// </summary>
internal static class JsonFields
{
    /// <summary>A trace or span id as lowercase hex, left out when pdata would: empty or all zero.</summary>
    public static void WriteId(Utf8JsonWriter writer, JsonEncodedText name, ReadOnlySpan<byte> id)
    {
        if (!HexId.IsEmpty(id))
        {
            writer.WritePropertyName(name);
            HexId.Write(writer, id);
        }
    }

    public static void WriteUInt32(Utf8JsonWriter writer, JsonEncodedText name, uint value)
    {
        if (value != 0)
        {
            writer.WriteNumber(name, value);
        }
    }

    public static void WriteInt32(Utf8JsonWriter writer, JsonEncodedText name, int value)
    {
        if (value != 0)
        {
            writer.WriteNumber(name, value);
        }
    }

    public static void WriteUInt64(Utf8JsonWriter writer, JsonEncodedText name, ulong value)
    {
        if (value != 0)
        {
            writer.WritePropertyName(name);
            WriteQuoted(writer, value);
        }
    }

    public static void WriteDouble(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        // Go's `v != 0`: NaN is written, -0 is not.
        if (value != 0 || double.IsNaN(value))
        {
            writer.WritePropertyName(name);
            GoFloat.Write(writer, value);
        }
    }

    /// <summary>A 64-bit integer as pdata writes it: a quoted decimal string.</summary>
    public static void WriteQuoted<T>(Utf8JsonWriter writer, T value)
        where T : IUtf8SpanFormattable
    {
        Span<byte> buffer = stackalloc byte[24];
        buffer[0] = (byte)'"';
        value.TryFormat(buffer[1..], out var written, default, CultureInfo.InvariantCulture);
        buffer[written + 1] = (byte)'"';
        writer.WriteRawValue(buffer[..(written + 2)], skipInputValidation: true);
    }

    public static void WriteBase64(Utf8JsonWriter writer, ReadOnlySpan<byte> bytes)
    {
        var length = Base64.GetMaxEncodedToUtf8Length(bytes.Length) + 2;
        var buffer = length <= 512 ? stackalloc byte[512] : new byte[length];
        buffer[0] = (byte)'"';
        Base64.EncodeToUtf8(bytes, buffer[1..], out _, out var written);
        buffer[written + 1] = (byte)'"';
        writer.WriteRawValue(buffer[..(written + 2)], skipInputValidation: true);
    }
}
