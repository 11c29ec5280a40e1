using System.Globalization;
using System.Text.Json;

namespace CodexOtel.Otlp.Json;

/// <summary>
/// Doubles written as the collector writes them: json-iterator's WriteFloat64, i.e. Go's
/// strconv.AppendFloat(v, 'f', -1, 64), switching to 'e' (exponent with at least two digits, "1e+21", "1e-07")
/// when |v| &lt; 1e-6 or |v| &gt;= 1e21; NaN and infinities as the strings "NaN", "Infinity", "-Infinity".
/// Both Go and .NET ("R") produce the shortest digits that round-trip, so only the layout needs translating.
/// </summary>
internal static class GoFloat
{
    /// <summary>Longest output: sign, 17 digits, up to 20 zeros of padding, point.</summary>
    public const int MaxLength = 48;

    public static void Write(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            writer.WriteRawValue(
                double.IsNaN(value) ? "\"NaN\""u8 : value > 0 ? "\"Infinity\""u8 : "\"-Infinity\""u8,
                skipInputValidation: true);
            return;
        }

        Span<byte> buffer = stackalloc byte[MaxLength];
        writer.WriteRawValue(buffer[..Format(value, buffer)], skipInputValidation: true);
    }

    /// <summary>Formats a finite double; returns the number of bytes written.</summary>
    public static int Format(double value, Span<byte> destination)
    {
        Span<byte> shortest = stackalloc byte[32];
        value.TryFormat(shortest, out var length, "R", CultureInfo.InvariantCulture);
        shortest = shortest[..length];

        // .NET uses fixed notation for 1e-5 <= |v| < 1e15, which lies inside Go's fixed range and matches it.
        var e = shortest.IndexOf((byte)'E');
        if (e < 0)
        {
            shortest.CopyTo(destination);
            return length;
        }

        // d[.ddd]E±x: collect the digits and the decimal point position p, value = 0.DIGITS × 10^p.
        var o = 0;
        var mantissa = shortest[..e];
        if (mantissa[0] == '-')
        {
            destination[o++] = (byte)'-';
            mantissa = mantissa[1..];
        }

        Span<byte> digits = stackalloc byte[20];
        var count = 0;
        foreach (var c in mantissa)
        {
            if (c != '.')
            {
                digits[count++] = c;
            }
        }

        while (count > 1 && digits[count - 1] == '0')
        {
            count--;
        }

        var exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = exponent + 1;
        digits = digits[..count];

        if (point <= -6 || point >= 22)
        {
            return o + WriteExponent(digits, point - 1, destination[o..]);
        }

        return o + WriteFixed(digits, point, destination[o..]);
    }

    private static int WriteExponent(ReadOnlySpan<byte> digits, int exponent, Span<byte> destination)
    {
        var o = 0;
        destination[o++] = digits[0];
        if (digits.Length > 1)
        {
            destination[o++] = (byte)'.';
            digits[1..].CopyTo(destination[o..]);
            o += digits.Length - 1;
        }

        destination[o++] = (byte)'e';
        destination[o++] = exponent < 0 ? (byte)'-' : (byte)'+';
        var magnitude = Math.Abs(exponent);
        if (magnitude < 10)
        {
            destination[o++] = (byte)'0';
        }

        magnitude.TryFormat(destination[o..], out var written, default, CultureInfo.InvariantCulture);
        return o + written;
    }

    private static int WriteFixed(ReadOnlySpan<byte> digits, int point, Span<byte> destination)
    {
        var o = 0;
        if (point <= 0)
        {
            destination[o++] = (byte)'0';
            destination[o++] = (byte)'.';
            destination.Slice(o, -point).Fill((byte)'0');
            o += -point;
            digits.CopyTo(destination[o..]);
            return o + digits.Length;
        }

        if (point >= digits.Length)
        {
            digits.CopyTo(destination);
            o = digits.Length;
            destination.Slice(o, point - digits.Length).Fill((byte)'0');
            return point;
        }

        digits[..point].CopyTo(destination);
        o = point;
        destination[o++] = (byte)'.';
        digits[point..].CopyTo(destination[o..]);
        return o + digits.Length - point;
    }
}
