using System.Buffers;
using System.Buffers.Text;
using System.Text.Unicode;
using CodexOtel.Otlp.Json;

namespace CodexOtel.Indexing;

// The compact form: what the collector's file exporter and codex-otel's ledger write, read byte by byte instead of
// token by token. No whitespace, property names without escapes and each at most once per object, only the fields
// OTLP logs define, scalar values. Whatever else a line holds sends it to the token reader (JsonLogLineReader.cs),
// which takes any JSON the decoder takes. Each value is checked as the decoder checks it: strings are valid JSON
// strings of valid UTF-8, integers parse as the decoder parses them, ids are hex of their exact length.
internal sealed partial class JsonLogLineReader
{
    // What ends the plain part of a string: its closing quote, an escape, or a control character (invalid in JSON).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        [(byte)'"', (byte)'\\', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    private LineEvents ReadCompact(ReadOnlySpan<byte> line)
    {
        var at = 0;
        Expect(line, ref at, "{\"resourceLogs\":"u8);
        Elements<ResourceLogsElement>(line, ref at);
        Expect(line, ref at, "}"u8);
        if (at != line.Length)
        {
            throw new Declined();
        }

        return new LineEvents(_records, _events);
    }

    private void CompactResourceLogs(ReadOnlySpan<byte> line, ref int at)
    {
        _resource = null;
        var seen = 0L;
        var scopesRead = false;
        Expect(line, ref at, "{"u8);
        while (NextName(line, ref at, ref seen) is { } name)
        {
            switch (name)
            {
                case Property.Resource when !scopesRead:
                    _resource = CompactResource(line, ref at);
                    break;
                case Property.ScopeLogs:
                    scopesRead = true;
                    Elements<ScopeLogsElement>(line, ref at);
                    break;
                case Property.SchemaUrl:
                    CompactString(line, ref at, keep: false);
                    break;
                default:
                    // A resource after its scopes, or a field resource logs do not have.
                    throw new Declined();
            }
        }
    }

    private Dictionary<string, object?> CompactResource(ReadOnlySpan<byte> line, ref int at)
    {
        NewAttributes();
        var seen = 0L;
        Expect(line, ref at, "{"u8);
        while (NextName(line, ref at, ref seen) is { } name)
        {
            switch (name)
            {
                case Property.Attributes:
                    Elements<AttributeElement>(line, ref at);
                    break;
                case Property.DroppedAttributesCount:
                    CompactUInt32(line, ref at);
                    break;
                default:
                    throw new Declined();
            }
        }

        return ResourceMap(line);
    }

    private void CompactScopeLogs(ReadOnlySpan<byte> line, ref int at)
    {
        var seen = 0L;
        Expect(line, ref at, "{"u8);
        while (NextName(line, ref at, ref seen) is { } name)
        {
            switch (name)
            {
                case Property.Scope:
                    CompactScope(line, ref at);
                    break;
                case Property.LogRecords:
                    Elements<LogRecordElement>(line, ref at);
                    break;
                case Property.SchemaUrl:
                    CompactString(line, ref at, keep: false);
                    break;
                default:
                    throw new Declined();
            }
        }
    }

    private void CompactScope(ReadOnlySpan<byte> line, ref int at)
    {
        var seen = 0L;
        Expect(line, ref at, "{"u8);
        while (NextName(line, ref at, ref seen) is { } name)
        {
            switch (name)
            {
                case Property.Name or Property.Version:
                    CompactString(line, ref at, keep: false);
                    break;
                case Property.DroppedAttributesCount:
                    CompactUInt32(line, ref at);
                    break;
                default:
                    // Scope attributes are rare; the token reader checks them.
                    throw new Declined();
            }
        }
    }

    private void CompactLogRecord(ReadOnlySpan<byte> line, ref int at)
    {
        NewAttributes();
        ulong time = 0, observed = 0;
        int traceIdLength = 0, spanIdLength = 0;
        var seen = 0L;
        Expect(line, ref at, "{"u8);
        while (NextName(line, ref at, ref seen) is { } name)
        {
            switch (name)
            {
                case Property.TimeUnixNano:
                    time = CompactQuotedUInt64(line, ref at);
                    break;
                case Property.ObservedTimeUnixNano:
                    observed = CompactQuotedUInt64(line, ref at);
                    break;
                case Property.SeverityNumber:
                    // Any int32 is a severity (unknown numbers are kept); the compact form writes non-negative ones.
                    if (CompactUInt32(line, ref at) > int.MaxValue)
                    {
                        throw new Declined();
                    }

                    break;
                case Property.SeverityText or Property.EventName:
                    CompactString(line, ref at, keep: false);
                    break;
                case Property.Body:
                    var body = default(Attribute);
                    CompactValue(line, ref at, ref body);
                    break;
                case Property.Attributes:
                    Elements<AttributeElement>(line, ref at);
                    break;
                case Property.DroppedAttributesCount or Property.Flags:
                    CompactUInt32(line, ref at);
                    break;
                case Property.TraceId:
                    traceIdLength = CompactId(line, ref at, _traceId);
                    break;
                case Property.SpanId:
                    spanIdLength = CompactId(line, ref at, _spanId);
                    break;
                default:
                    throw new Declined();
            }
        }

        AddRecord(line, time, observed, traceIdLength, spanIdLength);
    }

    private void CompactAttribute(ReadOnlySpan<byte> line, ref int at)
    {
        // As written: {"key":"…","value":{…}}, with a key without escapes.
        if (line[at..].StartsWith("{\"key\":\""u8))
        {
            var key = line[(at + 8)..];
            var length = key.IndexOfAny(StringStops);
            if (length >= 0 && key[length..].StartsWith("\",\"value\":{"u8))
            {
                var plain = new Attribute { Key = _keys.Get(key[..length]) };
                at += 8 + length + 11;
                CompactValueBody(line, ref at, ref plain);
                Expect(line, ref at, "}"u8);
                _attributes.Add(plain);
                return;
            }
        }

        var attribute = new Attribute { Key = NoKey };
        var seen = 0L;
        Expect(line, ref at, "{"u8);
        while (NextName(line, ref at, ref seen) is { } name)
        {
            switch (name)
            {
                case Property.Key:
                    attribute.Key = _keys.Get(CompactString(line, ref at, keep: true).Span(line, _scratch));
                    break;
                case Property.Value:
                    CompactValue(line, ref at, ref attribute);
                    break;
                default:
                    throw new Declined();
            }
        }

        _attributes.Add(attribute);
    }

    /// <summary>An AnyValue: <c>{}</c>, or one string, quoted int or bool.</summary>
    private void CompactValue(ReadOnlySpan<byte> line, ref int at, ref Attribute attribute)
    {
        Expect(line, ref at, "{"u8);
        CompactValueBody(line, ref at, ref attribute);
    }

    /// <summary>An AnyValue past its '{'.</summary>
    private void CompactValueBody(ReadOnlySpan<byte> line, ref int at, ref Attribute attribute)
    {
        attribute.Kind = ValueKind.Empty;
        if (Take(line, ref at, (byte)'}'))
        {
            return;
        }

        if (Take(line, ref at, "\"stringValue\":"u8))
        {
            attribute.Text = CompactString(line, ref at, keep: true);
            attribute.Kind = ValueKind.String;
        }
        else if (Take(line, ref at, "\"intValue\":"u8))
        {
            // The decoder's ReadInt64 on a string token.
            var digits = CompactString(line, ref at, keep: true).Span(line, _scratch);
            if (!Utf8Parser.TryParse(digits, out long value, out var consumed) || consumed != digits.Length)
            {
                throw new Declined();
            }

            attribute.Int = value;
            attribute.Kind = ValueKind.Int;
        }
        else if (Take(line, ref at, "\"boolValue\":"u8))
        {
            attribute.Bool = Take(line, ref at, "true"u8) || (Take(line, ref at, "false"u8) ? false : throw new Declined());
            attribute.Kind = ValueKind.Bool;
        }
        else
        {
            throw new Declined();
        }

        Expect(line, ref at, "}"u8);
    }

    /// <summary>
    /// A string value; where its unescaped text is when <paramref name="keep"/> (else it is only checked). Plain
    /// text stays in the line; text with escapes is unescaped into the scratch buffer.
    /// </summary>
    private TextRef CompactString(ReadOnlySpan<byte> line, ref int at, bool keep)
    {
        Expect(line, ref at, "\""u8);
        var start = at;
        var stop = line[at..].IndexOfAny(StringStops);
        if (stop < 0)
        {
            throw new Declined();
        }

        at += stop;
        if (line[at] == (byte)'"')
        {
            var text = line.Slice(start, stop);
            if (!Utf8.IsValid(text))
            {
                throw new Declined();
            }

            at++;
            return new TextRef(false, start, stop);
        }

        if (line[at] != (byte)'\\')
        {
            throw new Declined();
        }

        var unescaped = Unescape(line, start, ref at);
        if (!keep)
        {
            _scratchUsed = unescaped.Start;
        }

        return unescaped;
    }

    /// <summary>Unescapes a string whose first escape is at <paramref name="at"/> into the scratch buffer; ends past its closing quote.</summary>
    private TextRef Unescape(ReadOnlySpan<byte> line, int start, ref int at)
    {
        EnsureScratch(line.Length - start);
        var into = _scratchUsed;
        var written = 0;
        var output = _scratch.AsSpan(into);
        line[start..at].CopyTo(output);
        written += at - start;
        while (true)
        {
            if (line[at] == (byte)'"')
            {
                at++;
                break;
            }

            if (line[at] != (byte)'\\' || at + 1 >= line.Length)
            {
                throw new Declined();
            }

            written += UnescapeOne(line, ref at, output[written..]);
            var stop = line[at..].IndexOfAny(StringStops);
            if (stop < 0)
            {
                throw new Declined();
            }

            line.Slice(at, stop).CopyTo(output[written..]);
            written += stop;
            at += stop;
        }

        // Escapes of lone surrogates are refused below; raw bytes that are not UTF-8 stay invalid when unescaped.
        if (!Utf8.IsValid(output[..written]))
        {
            throw new Declined();
        }

        _scratchUsed = into + written;
        return new TextRef(true, into, written);
    }

    /// <summary>One escape at <paramref name="at"/> (a backslash) into <paramref name="output"/>; returns the bytes written.</summary>
    private static int UnescapeOne(ReadOnlySpan<byte> line, ref int at, Span<byte> output)
    {
        var c = line[at + 1];
        at += 2;
        switch (c)
        {
            case (byte)'"' or (byte)'\\' or (byte)'/':
                output[0] = c;
                return 1;
            case (byte)'b': output[0] = (byte)'\b'; return 1;
            case (byte)'f': output[0] = (byte)'\f'; return 1;
            case (byte)'n': output[0] = (byte)'\n'; return 1;
            case (byte)'r': output[0] = (byte)'\r'; return 1;
            case (byte)'t': output[0] = (byte)'\t'; return 1;
            case (byte)'u':
                var scalar = (int)Hex4(line, ref at);
                if (char.IsHighSurrogate((char)scalar))
                {
                    if (!line[at..].StartsWith("\\u"u8))
                    {
                        throw new Declined();
                    }

                    at += 2;
                    var low = Hex4(line, ref at);
                    if (!char.IsLowSurrogate((char)low))
                    {
                        throw new Declined();
                    }

                    scalar = char.ConvertToUtf32((char)scalar, (char)low);
                }
                else if (char.IsLowSurrogate((char)scalar))
                {
                    throw new Declined();
                }

                return new System.Text.Rune(scalar).EncodeToUtf8(output);
            default:
                throw new Declined();
        }
    }

    private static uint Hex4(ReadOnlySpan<byte> line, ref int at)
    {
        if (at + 4 > line.Length || !Utf8Parser.TryParse(line.Slice(at, 4), out ushort value, out var consumed, 'X') || consumed != 4)
        {
            throw new Declined();
        }

        at += 4;
        return value;
    }

    /// <summary>A uint32 as a JSON number of digits (the compact form); the decoder's TryGetUInt32 reads the same.</summary>
    private static uint CompactUInt32(ReadOnlySpan<byte> line, ref int at)
    {
        var digits = line[at..];
        var length = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (length <= 0 || (length > 1 && digits[0] == (byte)'0') || !Utf8Parser.TryParse(digits[..length], out uint value, out _))
        {
            throw new Declined();
        }

        at += length;
        return value;
    }

    /// <summary>A uint64 as a string (the compact form), as the decoder's ReadUInt64 parses a string.</summary>
    private ulong CompactQuotedUInt64(ReadOnlySpan<byte> line, ref int at)
    {
        var used = _scratchUsed;
        var digits = CompactString(line, ref at, keep: true).Span(line, _scratch);
        if (!Utf8Parser.TryParse(digits, out ulong value, out var consumed) || consumed != digits.Length)
        {
            throw new Declined();
        }

        _scratchUsed = used;
        return value;
    }

    /// <summary>A trace or span id, as the decoder's ReadId reads it: "" is absent, else hex of the exact length.</summary>
    private int CompactId(ReadOnlySpan<byte> line, ref int at, byte[] destination)
    {
        var used = _scratchUsed;
        var hex = CompactString(line, ref at, keep: true).Span(line, _scratch);
        _scratchUsed = used;
        if (hex.IsEmpty)
        {
            return 0;
        }

        return HexId.TryDecode(hex, destination) is null ? destination.Length : throw new Declined();
    }

    /// <summary>Reads one element of an array (a type per kind, so that no delegate is made per array).</summary>
    private interface IElement
    {
        static abstract void Read(JsonLogLineReader reader, ReadOnlySpan<byte> line, ref int at);
    }

    private readonly struct ResourceLogsElement : IElement
    {
        public static void Read(JsonLogLineReader reader, ReadOnlySpan<byte> line, ref int at) => reader.CompactResourceLogs(line, ref at);
    }

    private readonly struct ScopeLogsElement : IElement
    {
        public static void Read(JsonLogLineReader reader, ReadOnlySpan<byte> line, ref int at) => reader.CompactScopeLogs(line, ref at);
    }

    private readonly struct LogRecordElement : IElement
    {
        public static void Read(JsonLogLineReader reader, ReadOnlySpan<byte> line, ref int at) => reader.CompactLogRecord(line, ref at);
    }

    private readonly struct AttributeElement : IElement
    {
        public static void Read(JsonLogLineReader reader, ReadOnlySpan<byte> line, ref int at) => reader.CompactAttribute(line, ref at);
    }

    /// <summary>The property names of OTLP logs in their compact (lowerCamelCase) form.</summary>
    private enum Property
    {
        Resource,
        ScopeLogs,
        SchemaUrl,
        Attributes,
        DroppedAttributesCount,
        Scope,
        LogRecords,
        Name,
        Version,
        TimeUnixNano,
        ObservedTimeUnixNano,
        SeverityNumber,
        SeverityText,
        EventName,
        Body,
        Flags,
        TraceId,
        SpanId,
        Key,
        Value,
    }

    /// <summary>An array of objects (possibly empty), each read by <typeparamref name="T"/>.</summary>
    private void Elements<T>(ReadOnlySpan<byte> line, ref int at)
        where T : IElement
    {
        if (ArrayStarts(line, ref at))
        {
            do
            {
                T.Read(this, line, ref at);
            }
            while (ArrayGoesOn(line, ref at));
        }
    }

    /// <summary>Past an array's '['; false when it is empty (and past its ']').</summary>
    private static bool ArrayStarts(ReadOnlySpan<byte> line, ref int at)
    {
        Expect(line, ref at, "["u8);
        return !Take(line, ref at, (byte)']');
    }

    /// <summary>Past an element: true before the next one, false past the array's ']'.</summary>
    private static bool ArrayGoesOn(ReadOnlySpan<byte> line, ref int at)
    {
        if (Take(line, ref at, (byte)','))
        {
            return true;
        }

        Expect(line, ref at, "]"u8);
        return false;
    }

    /// <summary>
    /// Inside an object (just past its '{' or a value): the next property, past its name's colon; null past the
    /// object's '}'. <paramref name="seen"/> holds a bit for each property read (and one for any), so that a
    /// property given twice is declined.
    /// </summary>
    private static Property? NextName(ReadOnlySpan<byte> line, ref int at, ref long seen)
    {
        const long Any = 1L << 63;
        if (Take(line, ref at, (byte)'}'))
        {
            return null;
        }

        if ((seen & Any) != 0)
        {
            Expect(line, ref at, ","u8);
        }

        Expect(line, ref at, "\""u8);
        var length = line[at..].IndexOfAny((byte)'"', (byte)'\\');
        if (length <= 0 || line[at + length] != (byte)'"' || at + length + 1 >= line.Length || line[at + length + 1] != (byte)':')
        {
            throw new Declined();
        }

        var name = PropertyOf(line.Slice(at, length)) ?? throw new Declined();
        var bit = 1L << (int)name;
        if ((seen & bit) != 0)
        {
            throw new Declined();
        }

        seen |= bit | Any;
        at += length + 2;
        return name;
    }

    private static Property? PropertyOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        3 when name.SequenceEqual("key"u8) => Property.Key,
        4 when name.SequenceEqual("body"u8) => Property.Body,
        4 when name.SequenceEqual("name"u8) => Property.Name,
        5 when name.SequenceEqual("value"u8) => Property.Value,
        5 when name.SequenceEqual("scope"u8) => Property.Scope,
        5 when name.SequenceEqual("flags"u8) => Property.Flags,
        6 when name.SequenceEqual("spanId"u8) => Property.SpanId,
        7 when name.SequenceEqual("traceId"u8) => Property.TraceId,
        7 when name.SequenceEqual("version"u8) => Property.Version,
        8 when name.SequenceEqual("resource"u8) => Property.Resource,
        9 when name.SequenceEqual("scopeLogs"u8) => Property.ScopeLogs,
        9 when name.SequenceEqual("schemaUrl"u8) => Property.SchemaUrl,
        9 when name.SequenceEqual("eventName"u8) => Property.EventName,
        10 when name.SequenceEqual("attributes"u8) => Property.Attributes,
        10 when name.SequenceEqual("logRecords"u8) => Property.LogRecords,
        12 when name.SequenceEqual("timeUnixNano"u8) => Property.TimeUnixNano,
        12 when name.SequenceEqual("severityText"u8) => Property.SeverityText,
        14 when name.SequenceEqual("severityNumber"u8) => Property.SeverityNumber,
        20 when name.SequenceEqual("observedTimeUnixNano"u8) => Property.ObservedTimeUnixNano,
        22 when name.SequenceEqual("droppedAttributesCount"u8) => Property.DroppedAttributesCount,
        _ => null,
    };

    private static bool Take(ReadOnlySpan<byte> line, ref int at, byte expected)
    {
        if (at < line.Length && line[at] == expected)
        {
            at++;
            return true;
        }

        return false;
    }

    private static bool Take(ReadOnlySpan<byte> line, ref int at, ReadOnlySpan<byte> expected)
    {
        if (line[at..].StartsWith(expected))
        {
            at += expected.Length;
            return true;
        }

        return false;
    }

    private static void Expect(ReadOnlySpan<byte> line, ref int at, ReadOnlySpan<byte> expected)
    {
        if (!Take(line, ref at, expected))
        {
            throw new Declined();
        }
    }
}
