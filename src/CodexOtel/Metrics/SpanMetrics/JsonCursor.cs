using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// A forward-only reader of JSON bytes for <see cref="SpanLineReader"/>: the grammar of JSON (RFC 8259, as
/// <see cref="Utf8JsonReader"/> reads it with its default options) checked byte by byte, values skipped or read
/// without materialising them. Whatever it was not written for it declines with <see cref="Declined"/> (property
/// names with escapes, lone surrogates, nesting past a bound) rather than guess; so does any invalid input. The caller
/// checks the whole line is valid UTF-8 first, so strings need no further check of their bytes.
/// </summary>
internal ref struct JsonCursor(ReadOnlySpan<byte> json)
{
    /// <summary>Nesting beyond this (in values nobody reads) is declined: the decoder refuses values past 64 AnyValue levels anyway.</summary>
    public const int MaxDepth = 64;

    // What ends the plain part of a string: its closing quote, an escape, or a control character (invalid in JSON).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        [(byte)'"', (byte)'\\', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

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
    public byte Peek()
    {
        SkipWhitespace();
        return _at < _json.Length ? _json[_at] : throw new Declined();
    }

    /// <summary>Takes <c>{</c>; anything else is declined (the decoder wants an object there).</summary>
    public void StartObject() => Take((byte)'{');

    /// <summary>Takes <c>[</c>; anything else is declined.</summary>
    public void StartArray() => Take((byte)'[');

    /// <summary>
    /// Inside an object (after its <c>{</c>): moves to the next property's value and gives its name, passing over
    /// properties whose value is null, as the decoder does (null means absent); false after the closing <c>}</c>.
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

            Literal("null"u8);
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

        Literal("null"u8);
        return true;
    }

    /// <summary>A string's raw bytes between its quotes; <paramref name="escaped"/> when they hold escapes (checked, not undone).</summary>
    public ReadOnlySpan<byte> String(out bool escaped)
    {
        Take((byte)'"');
        var start = _at;
        escaped = false;
        while (true)
        {
            var stop = _json[_at..].IndexOfAny(StringStops);
            if (stop < 0)
            {
                throw new Declined();
            }

            _at += stop;
            switch (_json[_at])
            {
                case (byte)'"':
                    _at++;
                    return _json[start..(_at - 1)];
                case (byte)'\\':
                    escaped = true;
                    Escape();
                    break;
                default:
                    throw new Declined(); // a control character
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

    /// <summary>A string's bytes with its escapes undone (copied only when it has some), as the decoder reads ids, numbers and names.</summary>
    public ReadOnlySpan<byte> StringBytes()
    {
        SkipWhitespace();
        var start = _at;
        var raw = String(out var escaped);
        return escaped ? Encoding.UTF8.GetBytes(Unescape(_json[start.._at])) : raw;
    }

    /// <summary>A number's bytes, checked against JSON's grammar.</summary>
    public ReadOnlySpan<byte> Number()
    {
        SkipWhitespace();
        var start = _at;
        if (At((byte)'-'))
        {
            _at++;
        }

        if (At((byte)'0'))
        {
            _at++;
        }
        else
        {
            Digits();
        }

        if (At((byte)'.'))
        {
            _at++;
            Digits();
        }

        if (At((byte)'e') || At((byte)'E'))
        {
            _at++;
            if (At((byte)'+') || At((byte)'-'))
            {
                _at++;
            }

            Digits();
        }

        return _json[start.._at];
    }

    /// <summary>true or false.</summary>
    public bool Bool()
    {
        switch (Peek())
        {
            case (byte)'t':
                Literal("true"u8);
                return true;
            case (byte)'f':
                Literal("false"u8);
                return false;
            default:
                throw new Declined();
        }
    }

    /// <summary>Passes over any value, checking its grammar; nesting past <see cref="MaxDepth"/> is declined.</summary>
    public void Skip(int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new Declined();
        }

        switch (Peek())
        {
            case (byte)'{':
                _at++;
                var firstProperty = true;
                while (NextProperty(ref firstProperty, out _))
                {
                    Skip(depth + 1);
                }

                break;
            case (byte)'[':
                _at++;
                var firstElement = true;
                while (NextElement(ref firstElement))
                {
                    Skip(depth + 1);
                }

                break;
            case (byte)'"':
                String(out _);
                break;
            case (byte)'t' or (byte)'f':
                Bool();
                break;
            case (byte)'n':
                Literal("null"u8);
                break;
            default:
                Number();
                break;
        }
    }

    // A string with escapes is rare in the fields read: System.Text.Json undoes them.
    private static string Unescape(ReadOnlySpan<byte> quoted)
    {
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        return reader.GetString()!;
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
            if (Peek() == close)
            {
                throw new Declined(); // a trailing comma
            }
        }

        first = false;
        return true;
    }

    private void Escape()
    {
        // At the backslash. \uXXXX must not leave a surrogate unpaired (text could not hold it); other escapes are one byte.
        var code = Byte(_at + 1);
        if (code != (byte)'u')
        {
            _at += "\"\\/bfnrt"u8.Contains(code) ? 2 : throw new Declined();
            return;
        }

        var unit = Hex4(_at + 2);
        _at += 6;
        if (unit is >= 0xDC00 and <= 0xDFFF)
        {
            throw new Declined();
        }

        if (unit is >= 0xD800 and <= 0xDBFF)
        {
            if (Byte(_at) != (byte)'\\' || Byte(_at + 1) != (byte)'u' || Hex4(_at + 2) is < 0xDC00 or > 0xDFFF)
            {
                throw new Declined();
            }

            _at += 6;
        }
    }

    private readonly int Hex4(int at)
    {
        if (at + 4 > _json.Length || !Utf8Parser.TryParse(_json.Slice(at, 4), out ushort unit, out var used, 'x') || used != 4)
        {
            throw new Declined();
        }

        return unit;
    }

    private readonly byte Byte(int at) => at < _json.Length ? _json[at] : throw new Declined();

    private readonly bool At(byte b) => _at < _json.Length && _json[_at] == b;

    private void Digits()
    {
        var start = _at;
        while (_at < _json.Length && char.IsAsciiDigit((char)_json[_at]))
        {
            _at++;
        }

        if (_at == start)
        {
            throw new Declined();
        }
    }

    private void Literal(ReadOnlySpan<byte> literal)
    {
        if (!_json[_at..].StartsWith(literal))
        {
            throw new Declined();
        }

        _at += literal.Length;
    }

    private void Take(byte b)
    {
        if (Peek() != b)
        {
            throw new Declined();
        }

        _at++;
    }

    private void SkipWhitespace()
    {
        while (_at < _json.Length && _json[_at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            _at++;
        }
    }
}

/// <summary>The input is one <see cref="JsonCursor"/> or <see cref="SpanLineReader"/> was not written for, or is invalid.</summary>
internal sealed class Declined : Exception;
