using System.Text.Json;
using CodexOtel.Codex;
using CodexOtel.Otlp.Json;
using CodexOtel.Store.Sqlite;
using static CodexOtel.Otlp.Json.OtlpJsonDecoder;

namespace CodexOtel.Indexing;

/// <summary>
/// Reads an OTLP-JSON logs line straight into Codex events: no protobuf messages, and no strings but those the events
/// keep. Two readers share the making of events (JsonLogLineReader.Event.cs): one byte by byte for the compact form
/// the collector and the ledger write (JsonLogLineReader.Compact.cs), and one, here, token by token for any JSON,
/// walking the request as <see cref="OtlpJsonDecoder"/> does with the decoder's own token and scalar readers. A line
/// either accepts is one the decoder accepts, and its events are those <see cref="CodexNormaliser"/> makes of the
/// decoded request, down to their keys and the bytes of their stored attributes.
/// <para>
/// What they were not written for they decline (null): nested, bytes or kvlist values (and doubles, in the compact
/// reader), an attribute key given twice, a resource after its scopes, entity refs, and records that import made of
/// rollout events; and so they do for any problem with the input. The caller then decodes the line, which also says
/// what is wrong with it.
/// </para>
/// </summary>
internal sealed partial class JsonLogLineReader
{
    [ThreadStatic]
    private static JsonLogLineReader? t_reader;

    /// <summary>A KeyValue without "key" has the key "" (the protobuf default).</summary>
    private static readonly AttributeKey NoKey = new(string.Empty, [], RecordField.None, JsonEncodedText.Encode(string.Empty), ShapeConstant: false, AttributeKeys.HashOf([]));

    private readonly AttributeKeys _keys = new();
    private readonly List<Attribute> _attributes = [];
    // Buffers of SQLite's attribute encoding, which the reader writes as it reads (see JsonLogLineReader.Event.cs).
    private readonly JsonBuffer _shapeJson = new();
    private readonly JsonBuffer _valuesJson = new();
    private readonly byte[] _traceId = new byte[HexId.TraceIdBytes];
    private readonly byte[] _spanId = new byte[HexId.SpanIdBytes];
    private byte[] _scratch = new byte[4096];
    private int _scratchUsed;
    private List<CodexEvent> _events = [];
    private long _records;
    private Dictionary<string, object?>? _resource;

    /// <summary>The events of a logs line; null when this reader declines it (see the class summary).</summary>
    public static LineEvents? TryRead(ReadOnlySpan<byte> line) => TryReadCompact(line) ?? TryReadTokens(line);

    /// <summary>… read byte by byte, for a line in the compact form (JsonLogLineReader.Compact.cs); else null.</summary>
    internal static LineEvents? TryReadCompact(ReadOnlySpan<byte> line) => Run(line, static (reader, l) => reader.ReadCompact(l));

    /// <summary>… read token by token, for any JSON the decoder reads; null when declined.</summary>
    internal static LineEvents? TryReadTokens(ReadOnlySpan<byte> line) => Run(line, static (reader, l) => reader.Read(l));

    private delegate LineEvents LineRead(JsonLogLineReader reader, ReadOnlySpan<byte> line);

    private static LineEvents? Run(ReadOnlySpan<byte> line, LineRead read)
    {
        var reader = t_reader ??= new JsonLogLineReader();
        try
        {
            return read(reader, line.StartsWith("\uFEFF"u8) ? line[3..] : line);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Declined, or a problem with the input: the decoder decides which, and says what the problem is.
            return null;
        }
        finally
        {
            reader.Clear();
        }
    }

    private LineEvents Read(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, ReaderOptions);
        Next(ref reader);
        ExpectObject(ref reader);
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "resourceLogs"u8, "resource_logs"u8))
            {
                ExpectArray(ref reader);
                while (NextMessage(ref reader))
                {
                    ReadResourceLogs(ref reader, line);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.Read())
        {
            throw new Declined();
        }

        return new LineEvents(_records, _events);
    }

    private void Clear()
    {
        // Lines of one file hold about as many records each: room for as many as the last one had saves growing the list.
        _events = new List<CodexEvent>(_events.Count);
        _records = 0;
        _resource = null;
        NewAttributes();
        if (_scratch.Length > 1 << 20)
        {
            // A huge escaped tool output should not pin a megabyte buffer to the thread.
            _scratch = new byte[4096];
        }
    }

    /// <summary>Starts reading the attributes of a resource or a record (in the scratch buffer, their unescaped texts).</summary>
    private void NewAttributes()
    {
        _attributes.Clear();
        _scratchUsed = 0;
    }

    /// <summary>Inside an array of messages: moves to the next one, skipping nulls as the decoder does; false at the end.</summary>
    private static bool NextMessage(ref Utf8JsonReader reader)
    {
        while (NextElement(ref reader))
        {
            if (reader.TokenType != JsonTokenType.Null)
            {
                ExpectObject(ref reader);
                return true;
            }
        }

        return false;
    }

    private void ReadResourceLogs(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        // Events of one resource share its attribute map (the store recognises it by reference).
        _resource = null;
        bool resourceRead = false, scopesRead = false;
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "resource"u8))
            {
                if (resourceRead || scopesRead)
                {
                    throw new Declined();
                }

                ExpectObject(ref reader);
                _resource = ReadResource(ref reader, line);
                resourceRead = true;
            }
            else if (Is(name, "scopeLogs"u8, "scope_logs"u8))
            {
                scopesRead = true;
                ExpectArray(ref reader);
                while (NextMessage(ref reader))
                {
                    ReadScopeLogs(ref reader, line);
                }
            }
            else if (Is(name, "schemaUrl"u8, "schema_url"u8))
            {
                CheckString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private Dictionary<string, object?> ReadResource(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        NewAttributes();
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "attributes"u8))
            {
                ReadAttributes(ref reader, line);
            }
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                ReadUInt32(ref reader);
            }
            else if (Is(name, "entityRefs"u8, "entity_refs"u8))
            {
                throw new Declined();
            }
            else
            {
                reader.Skip();
            }
        }

        return ResourceMap(line);
    }

    /// <summary>The resource's attributes, read into <see cref="_attributes"/>, as the normaliser's map of them.</summary>
    private Dictionary<string, object?> ResourceMap(ReadOnlySpan<byte> line)
    {
        var map = new Dictionary<string, object?>(_attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in _attributes)
        {
            map[attribute.Key.Name] = attribute.Kind switch
            {
                ValueKind.String => TextOf(attribute, line),
                ValueKind.Int => attribute.Int,
                ValueKind.Double => attribute.Double,
                ValueKind.Bool => attribute.Bool,
                _ => null,
            };
        }

        return map;
    }

    private void ReadScopeLogs(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "logRecords"u8, "log_records"u8))
            {
                ExpectArray(ref reader);
                while (NextMessage(ref reader))
                {
                    ReadLogRecord(ref reader, line);
                }
            }
            else if (Is(name, "scope"u8))
            {
                ExpectObject(ref reader);
                CheckScope(ref reader, line);
            }
            else if (Is(name, "schemaUrl"u8, "schema_url"u8))
            {
                CheckString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    // The scope is not part of an event; it is read only to be as strict as the decoder.
    private void CheckScope(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "name"u8) || Is(name, "version"u8))
            {
                CheckString(ref reader);
            }
            else if (Is(name, "attributes"u8))
            {
                var count = _attributes.Count;
                ReadAttributes(ref reader, line);
                _attributes.RemoveRange(count, _attributes.Count - count);
            }
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                ReadUInt32(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void ReadLogRecord(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        NewAttributes();
        ulong time = 0, observed = 0;
        int traceIdLength = 0, spanIdLength = 0;
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "attributes"u8))
            {
                ReadAttributes(ref reader, line);
            }
            else if (Is(name, "body"u8))
            {
                ExpectObject(ref reader);
                var body = default(Attribute);
                ReadValue(ref reader, line, ref body);
            }
            else if (Is(name, "timeUnixNano"u8, "time_unix_nano"u8))
            {
                time = ReadUInt64(ref reader);
            }
            else if (Is(name, "observedTimeUnixNano"u8, "observed_time_unix_nano"u8))
            {
                observed = ReadUInt64(ref reader);
            }
            else if (Is(name, "severityNumber"u8, "severity_number"u8))
            {
                ReadEnum(ref reader, OtlpEnumNames.SeverityNumber);
            }
            else if (Is(name, "severityText"u8, "severity_text"u8) || Is(name, "eventName"u8, "event_name"u8))
            {
                CheckString(ref reader);
            }
            else if (Is(name, "traceId"u8, "trace_id"u8))
            {
                traceIdLength = ReadId(ref reader, _traceId);
            }
            else if (Is(name, "spanId"u8, "span_id"u8))
            {
                spanIdLength = ReadId(ref reader, _spanId);
            }
            else if (Is(name, "flags"u8) || Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                ReadUInt32(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        AddRecord(line, time, observed, traceIdLength, spanIdLength);
    }

    /// <summary>Reads an array of key-values (the decoder's ReadKeyValues) onto <see cref="_attributes"/>.</summary>
    private void ReadAttributes(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        ExpectArray(ref reader);
        while (NextMessage(ref reader))
        {
            // Without a "value" the value is absent (the protobuf default).
            var attribute = new Attribute { Key = NoKey };
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "key"u8))
                {
                    attribute.Key = _keys.Get(StringToken(ref reader, line).Span(line, _scratch));
                }
                else if (Is(name, "value"u8))
                {
                    ExpectObject(ref reader);
                    ReadValue(ref reader, line, ref attribute);
                }
                else
                {
                    reader.Skip();
                }
            }

            _attributes.Add(attribute);
        }
    }

    /// <summary>An AnyValue of one scalar (the decoder's ReadAnyValue: the last value given wins, as in a protobuf oneof).</summary>
    private void ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, ref Attribute attribute)
    {
        attribute.Kind = ValueKind.Empty;
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "stringValue"u8, "string_value"u8))
            {
                attribute.Text = StringToken(ref reader, line);
                attribute.Kind = ValueKind.String;
            }
            else if (Is(name, "intValue"u8, "int_value"u8))
            {
                attribute.Int = ReadInt64(ref reader);
                attribute.Kind = ValueKind.Int;
            }
            else if (Is(name, "boolValue"u8, "bool_value"u8))
            {
                attribute.Bool = ReadBool(ref reader);
                attribute.Kind = ValueKind.Bool;
            }
            else if (Is(name, "doubleValue"u8, "double_value"u8))
            {
                attribute.Double = ReadDouble(ref reader);
                attribute.Kind = ValueKind.Double;
            }
            else if (Is(name, "arrayValue"u8, "array_value"u8) || Is(name, "kvlistValue"u8, "kvlist_value"u8)
                || Is(name, "bytesValue"u8, "bytes_value"u8))
            {
                throw new Declined();
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>A string the decoder would read and drop: it must still be a string, and valid.</summary>
    private void CheckString(ref Utf8JsonReader reader)
    {
        var used = _scratchUsed;
        _ = StringToken(ref reader, default);
        _scratchUsed = used;
    }

    /// <summary>
    /// Where the current string token's text is, unescaped: in the line when it has no escapes, else copied to the
    /// scratch buffer. Throws for anything the decoder's GetString throws for (not a string, invalid UTF-8).
    /// </summary>
    private TextRef StringToken(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new Declined();
        }

        var raw = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            EnsureScratch(raw.Length);
            var written = reader.CopyString(_scratch.AsSpan(_scratchUsed));
            var text = new TextRef(true, _scratchUsed, written);
            _scratchUsed += written;
            return text;
        }

        if (!System.Text.Unicode.Utf8.IsValid(raw))
        {
            throw new Declined();
        }

        // A string token without escapes starts one past its opening quote.
        return line.IsEmpty ? default : new TextRef(false, (int)reader.TokenStartIndex + 1, raw.Length);
    }

    private void EnsureScratch(int more)
    {
        if (_scratchUsed + more > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchUsed + more));
        }
    }

    private string TextOf(in Attribute attribute, ReadOnlySpan<byte> line) =>
        System.Text.Encoding.UTF8.GetString(attribute.Text.Span(line, _scratch));

    /// <summary>Not a shape this reader handles; the caller decodes the line instead.</summary>
    private sealed class Declined : Exception;

    private enum ValueKind : byte
    {
        /// <summary>No "value": the KeyValue's value is null.</summary>
        Absent,

        /// <summary>A value with none of the scalars set (<c>{}</c>).</summary>
        Empty,
        String,
        Int,
        Double,
        Bool,
    }

    /// <summary>Unescaped UTF-8 text in the line or in the scratch buffer (offsets survive the buffer growing).</summary>
    private readonly record struct TextRef(bool InScratch, int Start, int Length)
    {
        public ReadOnlySpan<byte> Span(ReadOnlySpan<byte> line, byte[] scratch) =>
            InScratch ? scratch.AsSpan(Start, Length) : line.Slice(Start, Length);
    }

    private struct Attribute
    {
        public AttributeKey Key;
        public ValueKind Kind;
        public TextRef Text;
        public long Int;
        public double Double;
        public bool Bool;
    }
}
