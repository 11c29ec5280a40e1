using System.Text.Json;

namespace CodexOtel.Otlp.Json;

/// <summary>
/// Trace and span ids in OTLP-JSON: lowercase hex when written, case-insensitive hex when read.
/// </summary>
internal static class HexId
{
    public const int TraceIdBytes = 16;
    public const int SpanIdBytes = 8;

    private static ReadOnlySpan<byte> LowerHex => "0123456789abcdef"u8;

    /// <summary>
    /// True when the collector would leave the id out: pdata's TraceID/SpanID.IsEmpty() is "all bytes zero",
    /// and an absent id is all zeros there.
    /// </summary>
    public static bool IsEmpty(Google.Protobuf.ByteString id) => IsEmpty(id.Span);

    /// <inheritdoc cref="IsEmpty(Google.Protobuf.ByteString)"/>
    public static bool IsEmpty(ReadOnlySpan<byte> id) => id.IsEmpty || !id.ContainsAnyExcept((byte)0);

    /// <summary>Writes the id as a quoted lowercase hex string value.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> id)
    {
        if (id.Length <= 32)
        {
            Span<byte> buffer = stackalloc byte[66];
            writer.WriteRawValue(Format(id, buffer), skipInputValidation: true);
            return;
        }

        // Ids longer than OTLP allows only arrive through lenient receivers; keep them rather than lose data.
        writer.WriteRawValue(Format(id, new byte[(id.Length * 2) + 2]), skipInputValidation: true);
    }

    // A plain loop beats Convert.TryToHexStringLower for 8- and 16-byte ids.
    private static ReadOnlySpan<byte> Format(ReadOnlySpan<byte> id, Span<byte> buffer)
    {
        var digits = LowerHex;
        buffer[0] = (byte)'"';
        var o = 1;
        foreach (var b in id)
        {
            buffer[o++] = digits[b >> 4];
            buffer[o++] = digits[b & 0xF];
        }

        buffer[o++] = (byte)'"';
        return buffer[..o];
    }

    /// <summary>
    /// Decodes hex (either case) into <paramref name="destination"/>. Returns null on success or a description of the problem.
    /// </summary>
    public static string? TryDecode(ReadOnlySpan<byte> hex, Span<byte> destination)
    {
        if (hex.Length != destination.Length * 2)
        {
            return $"expected {destination.Length * 2} hex characters, got {hex.Length}";
        }

        for (var i = 0; i < destination.Length; i++)
        {
            var high = Nibble(hex[2 * i]);
            var low = Nibble(hex[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                var bad = high < 0 ? 2 * i : (2 * i) + 1;
                return $"invalid hex character '{(char)hex[bad]}' at position {bad}";
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return null;
    }

    private static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
