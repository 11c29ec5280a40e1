using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// A forward-only structural scanner of JSON bytes for <see cref="SpanLineReader"/>, which reads only ledger lines:
/// JSON already checked (our encoder wrote it, or the decoder accepted it before it was appended). So it checks
/// nothing it does not need: it finds the values it is asked for and passes over the others by their structure
/// alone — a string to its closing quote, an object or array to its matching bracket, a number or literal to the
/// next delimiter. On any bytes it stays in bounds and always moves forward; where the structure is not what it
/// expects it throws <see cref="Declined"/>, and on invalid JSON it may also read something, which cannot reach it.
/// </summary>
internal ref struct JsonCursor(ReadOnlySpan<byte> json)
{
    private const int Block = 64;

    // What ends a number or literal being passed over.
    private static readonly SearchValues<byte> ScalarEnds = SearchValues.Create(",}] \t\r\n"u8);

    private readonly ReadOnlySpan<byte> _json = json;
    private int _at;

    /// <summary>True when only whitespace is left.</summary>
    public bool AtEnd
    {
        get
        {
            SkipWhitespace();
            return _at == _json.Length;
        }
    }

    /// <summary>The next value's first byte (after whitespace), without taking it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Peek()
    {
        SkipWhitespace();
        return _at < _json.Length ? _json[_at] : throw new Declined();
    }

    /// <summary>Takes <c>{</c>; anything else is declined.</summary>
    public void StartObject() => Take((byte)'{');

    /// <summary>Takes <c>[</c>; anything else is declined.</summary>
    public void StartArray() => Take((byte)'[');

    /// <summary>
    /// Inside an object (after its <c>{</c>): moves to the next property's value and gives its name, passing over
    /// properties whose value is null, as the decoder does (null means absent); false after the closing <c>}</c>.
    /// Names with escapes are declined (no encoder writes them).
    /// </summary>
    public bool NextProperty(ref bool first, out ReadOnlySpan<byte> name)
    {
        while (true)
        {
            if (!Continues(ref first, (byte)'}'))
            {
                name = default;
                return false;
            }

            name = String(out var escaped);
            if (escaped)
            {
                throw new Declined();
            }

            Take((byte)':');
            if (Peek() != (byte)'n')
            {
                return true;
            }

            SkipScalar();
        }
    }

    /// <summary>Inside an array (after its <c>[</c>): true when another element follows (the cursor is before it), false after the <c>]</c>.</summary>
    public bool NextElement(ref bool first) => Continues(ref first, (byte)']');

    /// <summary>Takes a <c>null</c> when one is next.</summary>
    public bool TakeNull()
    {
        if (Peek() != (byte)'n')
        {
            return false;
        }

        SkipScalar();
        return true;
    }

    /// <summary>A string's raw bytes between its quotes; <paramref name="escaped"/> when they hold escapes (not undone).</summary>
    public ReadOnlySpan<byte> String(out bool escaped)
    {
        Take((byte)'"');
        var start = _at;
        escaped = false;
        while (true)
        {
            var stop = _json[_at..].IndexOfAny((byte)'"', (byte)'\\');
            if (stop < 0)
            {
                throw new Declined();
            }

            _at += stop + 1;
            if (_json[_at - 1] == (byte)'"')
            {
                return _json[start..(_at - 1)];
            }

            escaped = true;
            _at++; // the escaped byte: \" and \\ are the ones that matter; \uXXXX's digits are plain bytes
            if (_at > _json.Length)
            {
                throw new Declined();
            }
        }
    }

    /// <summary>A string value as .NET text, from <paramref name="cache"/> when it has no escapes.</summary>
    public string Text(Utf8StringCache? cache = null)
    {
        SkipWhitespace();
        var start = _at;
        var raw = String(out var escaped);
        return escaped ? Unescape(_json[start.._at]) : cache?.Get(raw) ?? Encoding.UTF8.GetString(raw);
    }

    /// <summary>A string's bytes with its escapes undone (copied only when it has some), as the decoder reads numbers and names.</summary>
    public ReadOnlySpan<byte> StringBytes()
    {
        SkipWhitespace();
        var start = _at;
        var raw = String(out var escaped);
        return escaped ? Encoding.UTF8.GetBytes(Unescape(_json[start.._at])) : raw;
    }

    /// <summary>A number's (or literal's) bytes, up to the next delimiter.</summary>
    public ReadOnlySpan<byte> Number()
    {
        SkipWhitespace();
        var start = _at;
        SkipScalar();
        return _json[start.._at];
    }

    /// <summary>Passes over any value by its structure.</summary>
    public void Skip()
    {
        switch (Peek())
        {
            case (byte)'{' or (byte)'[':
                SkipContainer();
                break;
            case (byte)'"':
                String(out _);
                break;
            default:
                SkipScalar();
                break;
        }
    }

    // An escaped string is rare in the fields read: System.Text.Json undoes (and checks) its escapes.
    private static string Unescape(ReadOnlySpan<byte> quoted)
    {
        try
        {
            var reader = new Utf8JsonReader(quoted);
            reader.Read();
            return reader.GetString()!;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new Declined();
        }
    }

    /// <summary>
    /// At a <c>{</c> or <c>[</c>: moves past the bracket that closes it. 64 bytes at a time, as simdjson finds
    /// structure: bit masks of quotes, backslashes and brackets; the quotes that are not escaped delimit strings
    /// (a prefix XOR gives the bytes inside them); the brackets outside strings are counted, and walked one by one
    /// only in a block where the depth can come back to zero. Only the container's own kind of bracket is counted:
    /// in nested JSON the other kind is balanced within it, so an array of objects (attributes) is passed over in
    /// whole blocks.
    /// </summary>
    private void SkipContainer()
    {
        var open = _json[_at];
        var close = (byte)(open + 2); // '{' + 2 == '}', '[' + 2 == ']'
        Span<byte> tail = stackalloc byte[Block];
        var depth = 0;
        var inString = 0UL; // all ones when the block before ended inside a string
        var escapeCarry = false; // the block before ended with a backslash that escapes this block's first byte
        for (var at = _at; at < _json.Length; at += Block)
        {
            scoped ReadOnlySpan<byte> block;
            if (_json.Length - at >= Block)
            {
                block = _json.Slice(at, Block);
            }
            else
            {
                tail.Fill((byte)' ');
                _json[at..].CopyTo(tail);
                block = tail;
            }

            var (quotes, backslashes, opens, closes) = Masks(block, open, close);
            if (backslashes != 0 || escapeCarry)
            {
                quotes &= ~Escaped(backslashes, ref escapeCarry);
            }

            var strings = PrefixXor(quotes) ^ inString;
            inString = (ulong)((long)strings >> 63);

            opens &= ~strings;
            closes &= ~strings;
            var closeCount = BitOperations.PopCount(closes);
            if (depth > closeCount)
            {
                depth += BitOperations.PopCount(opens) - closeCount;
                continue;
            }

            for (var brackets = opens | closes; brackets != 0; brackets &= brackets - 1)
            {
                var bit = BitOperations.TrailingZeroCount(brackets);
                if ((opens & (1UL << bit)) != 0)
                {
                    depth++;
                }
                else if (--depth <= 0)
                {
                    _at = at + bit + 1;
                    return;
                }
            }
        }

        throw new Declined();
    }

    /// <summary>
    /// Bit masks of a 64-byte block's quotes, backslashes, and <paramref name="open"/> and <paramref name="close"/>
    /// brackets: with 256-bit vectors where the CPU has them (the JIT on AVX2), else 128-bit ones (Native AOT targets
    /// x86-64-v2, and ARM64), which every 64-bit CPU has.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Quotes, ulong Backslashes, ulong Opens, ulong Closes) Masks(ReadOnlySpan<byte> block, byte open, byte close)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            var low = Vector256.Create(block);
            var high = Vector256.Create(block[32..]);
            return (Mask(low, high, (byte)'"'), Mask(low, high, (byte)'\\'), Mask(low, high, open), Mask(low, high, close));
        }

        var a = Vector128.Create(block);
        var b = Vector128.Create(block[16..]);
        var c = Vector128.Create(block[32..]);
        var d = Vector128.Create(block[48..]);
        return (Mask(a, b, c, d, (byte)'"'), Mask(a, b, c, d, (byte)'\\'), Mask(a, b, c, d, open), Mask(a, b, c, d, close));
    }

    private static ulong Mask(Vector256<byte> low, Vector256<byte> high, byte b)
    {
        var match = Vector256.Create(b);
        return Vector256.Equals(low, match).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(high, match).ExtractMostSignificantBits() << 32);
    }

    private static ulong Mask(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c, Vector128<byte> d, byte x)
    {
        var match = Vector128.Create(x);
        return Vector128.Equals(a, match).ExtractMostSignificantBits()
            | ((ulong)Vector128.Equals(b, match).ExtractMostSignificantBits() << 16)
            | ((ulong)Vector128.Equals(c, match).ExtractMostSignificantBits() << 32)
            | ((ulong)Vector128.Equals(d, match).ExtractMostSignificantBits() << 48);
    }

    /// <summary>The bytes escaped by a backslash (the one after each backslash that is not itself escaped), a run of them carried across blocks.</summary>
    private static ulong Escaped(ulong backslashes, ref bool carry)
    {
        var escaped = carry ? 1UL : 0UL;
        carry = false;
        backslashes &= ~escaped;
        while (backslashes != 0)
        {
            var bit = BitOperations.TrailingZeroCount(backslashes);
            if (bit == Block - 1)
            {
                carry = true;
                break;
            }

            escaped |= 1UL << (bit + 1);
            backslashes &= ~(3UL << bit); // the escape and the byte it escapes, a backslash or not
        }

        return escaped;
    }

    /// <summary>Bit i is the XOR of bits 0..i: set from an opening quote up to (not including) its closing one.</summary>
    private static ulong PrefixXor(ulong x)
    {
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        return x;
    }

    private void SkipScalar()
    {
        var end = _json[_at..].IndexOfAny(ScalarEnds);
        if (end <= 0)
        {
            throw new Declined(); // nothing there, or a line ending in the middle of a value
        }

        _at += end;
    }

    private bool Continues(ref bool first, byte close)
    {
        var next = Peek();
        if (next == close)
        {
            _at++;
            return false;
        }

        if (!first)
        {
            if (next != (byte)',')
            {
                throw new Declined();
            }

            _at++;
        }

        first = false;
        return true;
    }

    private void Take(byte b)
    {
        if (Peek() != b)
        {
            throw new Declined();
        }

        _at++;
    }

    // Inlined for the compact lines of our encoder, which hold no whitespace: one compare, no call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SkipWhitespace()
    {
        if (_at < _json.Length && _json[_at] > (byte)' ')
        {
            return;
        }

        SkipSpaces();
    }

    private void SkipSpaces()
    {
        while (_at < _json.Length && _json[_at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            _at++;
        }
    }
}

/// <summary>The input is one <see cref="JsonCursor"/> or <see cref="SpanLineReader"/> was not written for.</summary>
internal sealed class Declined : Exception;
