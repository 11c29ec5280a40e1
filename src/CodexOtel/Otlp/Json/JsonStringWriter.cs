using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace CodexOtel.Otlp.Json;

/// <summary>
/// Writes string values escaped the way the collector's JSON stream (json-iterator, HTML escaping off) does:
/// only '"', '\\' and control characters are escaped (\n \r \t short, the rest as lowercase \u00xx); all other
/// characters, emoji and U+2028 included, are written as raw UTF-8. Utf8JsonWriter's encoders cannot be told to
/// do that (they always escape characters outside the BMP), so string values are written as raw JSON here.
/// </summary>
internal static class JsonStringWriter
{
    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'"', (byte)'\\']);

    [ThreadStatic]
    private static byte[]? utf8Scratch;

    [ThreadStatic]
    private static byte[]? escapeScratch;

    private static ReadOnlySpan<byte> LowerHex => "0123456789abcdef"u8;

    public static void Write(Utf8JsonWriter writer, string value)
    {
        // A UTF-16 code unit never becomes more than 3 UTF-8 bytes; +2 for the quotes.
        var buffer = Scratch.Get(ref utf8Scratch, (value.Length * 3) + 2);
        Utf8.FromUtf16(value, buffer.AsSpan(1), out _, out var written, replaceInvalidSequences: true);
        WriteQuoted(writer, buffer, written);
    }

    /// <summary>
    /// Writes a string that is already UTF-8 (a protobuf string field, read straight from the wire). Returns false,
    /// writing nothing, when the bytes are not valid UTF-8: the caller decodes them the general way instead.
    /// </summary>
    public static bool TryWriteUtf8(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            return false;
        }

        var buffer = Scratch.Get(ref utf8Scratch, utf8.Length + 2);
        utf8.CopyTo(buffer.AsSpan(1));
        WriteQuoted(writer, buffer, utf8.Length);
        return true;
    }

    // The string's UTF-8 is at buffer[1..written+1], with room for a quote on either side.
    private static void WriteQuoted(Utf8JsonWriter writer, byte[] buffer, int written)
    {
        var body = buffer.AsSpan(1, written);
        var firstEscape = body.IndexOfAny(NeedsEscape);
        if (firstEscape < 0)
        {
            buffer[0] = (byte)'"';
            buffer[written + 1] = (byte)'"';
            writer.WriteRawValue(buffer.AsSpan(0, written + 2), skipInputValidation: true);
        }
        else
        {
            WriteEscaped(writer, body, firstEscape);
        }
    }

    private static void WriteEscaped(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8, int firstEscape)
    {
        // Worst case every byte becomes \u00xx (6 bytes).
        var output = Scratch.Get(ref escapeScratch, (utf8.Length * 6) + 2);
        output[0] = (byte)'"';
        utf8[..firstEscape].CopyTo(output.AsSpan(1));
        var o = firstEscape + 1;
        for (var i = firstEscape; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b >= 0x20 && b != '"' && b != '\\')
            {
                output[o++] = b;
                continue;
            }

            output[o++] = (byte)'\\';
            switch (b)
            {
                case (byte)'"':
                case (byte)'\\':
                    output[o++] = b;
                    break;
                case (byte)'\n':
                    output[o++] = (byte)'n';
                    break;
                case (byte)'\r':
                    output[o++] = (byte)'r';
                    break;
                case (byte)'\t':
                    output[o++] = (byte)'t';
                    break;
                default:
                    output[o++] = (byte)'u';
                    output[o++] = (byte)'0';
                    output[o++] = (byte)'0';
                    output[o++] = LowerHex[b >> 4];
                    output[o++] = LowerHex[b & 0xF];
                    break;
            }
        }

        output[o++] = (byte)'"';
        writer.WriteRawValue(output.AsSpan(0, o), skipInputValidation: true);
    }
}
