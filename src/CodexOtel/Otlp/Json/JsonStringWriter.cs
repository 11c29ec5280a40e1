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

    /// <summary>The longest quoted form of <paramref name="utf8Length"/> UTF-8 bytes: every byte as \u00xx, and quotes.</summary>
    public static int MaxQuotedLength(int utf8Length) => (utf8Length * 6) + 2;

    public static void Write(Utf8JsonWriter writer, string value)
    {
        // A UTF-16 code unit never becomes more than 3 UTF-8 bytes; +2 for the quotes.
        var buffer = Scratch.Get(ref utf8Scratch, (value.Length * 3) + 2);
        Utf8.FromUtf16(value, buffer.AsSpan(1), out _, out var written, replaceInvalidSequences: true);
        var body = buffer.AsSpan(1, written);
        if (!body.ContainsAny(NeedsEscape))
        {
            buffer[0] = (byte)'"';
            buffer[written + 1] = (byte)'"';
            writer.WriteRawValue(buffer.AsSpan(0, written + 2), skipInputValidation: true);
            return;
        }

        var output = Scratch.Get(ref escapeScratch, MaxQuotedLength(written));
        writer.WriteRawValue(output.AsSpan(0, Quote(body, output)), skipInputValidation: true);
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

        var output = Scratch.Get(ref escapeScratch, MaxQuotedLength(utf8.Length));
        writer.WriteRawValue(output.AsSpan(0, Quote(utf8, output)), skipInputValidation: true);
        return true;
    }

    /// <summary>
    /// Writes the UTF-8 as a quoted, escaped JSON string into <paramref name="destination"/>, which holds at least
    /// <see cref="MaxQuotedLength"/> bytes; returns the bytes written.
    /// </summary>
    public static int Quote(ReadOnlySpan<byte> utf8, Span<byte> destination)
    {
        destination[0] = (byte)'"';
        var firstEscape = utf8.IndexOfAny(NeedsEscape);
        if (firstEscape < 0)
        {
            utf8.CopyTo(destination[1..]);
            destination[utf8.Length + 1] = (byte)'"';
            return utf8.Length + 2;
        }

        utf8[..firstEscape].CopyTo(destination[1..]);
        var o = firstEscape + 1;
        for (var i = firstEscape; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b >= 0x20 && b != '"' && b != '\\')
            {
                destination[o++] = b;
                continue;
            }

            destination[o++] = (byte)'\\';
            switch (b)
            {
                case (byte)'"':
                case (byte)'\\':
                    destination[o++] = b;
                    break;
                case (byte)'\n':
                    destination[o++] = (byte)'n';
                    break;
                case (byte)'\r':
                    destination[o++] = (byte)'r';
                    break;
                case (byte)'\t':
                    destination[o++] = (byte)'t';
                    break;
                default:
                    destination[o++] = (byte)'u';
                    destination[o++] = (byte)'0';
                    destination[o++] = (byte)'0';
                    destination[o++] = LowerHex[b >> 4];
                    destination[o++] = LowerHex[b & 0xF];
                    break;
            }
        }

        destination[o++] = (byte)'"';
        return o;
    }
}
