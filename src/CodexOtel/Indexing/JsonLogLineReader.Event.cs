using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using CodexOtel.Codex;
using CodexOtel.Otlp.Json;
using CodexOtel.Store;
using CodexOtel.Store.Sqlite;
using OpenTelemetry.Proto.Common.V1;

namespace CodexOtel.Indexing;

// One record's attributes into its event: the fields the normaliser interprets, the event key, and the stored
// attribute JSON, each as CodexNormaliser, EventKey and AttributeJson make them from a decoded record.
// The attributes are written in SQLite's encoding (Store/Sqlite: AttributeJson, AttributeShape, SharedValues) while the
// line is read, so that the import builds no dictionary per record only to encode it again. The reader's files and
// AttributeKeys are the only places outside Store/Sqlite that know that encoding: to everyone else the event's
// Attributes are a plain dictionary (LazyAttributes), which SQLite's writer recognises and stores as they are, and any
// other back end reads as a map.
internal sealed partial class JsonLogLineReader
{
    private static readonly char[] References = ['t', 'd', 'c', 'n', 'm'];

    private readonly TextRef?[] _shared = new TextRef?[References.Length];
    // Direct-mapped, and large enough that the kinds of record in a stretch of lines rarely collide: at 256 slots,
    // pairs that collided and took turns made one record in 14 sort its keys again, and one in 13 write its shape.
    private readonly KnownOrder[] _orders = new KnownOrder[4096];
    private readonly KnownShape?[] _shapes = new KnownShape?[4096];
    private Place[] _places = new Place[64];
    private readonly LastHex _traceHex = new();
    private readonly LastHex _spanHex = new();
    private readonly RecentTexts _recentTexts = new();
    private string[] _sortKeys = new string[64];
    private int[] _sortOrder = new int[64];

    /// <summary>Counts a record read (its attributes in <see cref="_attributes"/>) and keeps its event, if it is one.</summary>
    private void AddRecord(ReadOnlySpan<byte> line, ulong time, ulong observed, int traceIdLength, int spanIdLength)
    {
        _records++;
        if (ToEvent(line, time, observed, _traceId.AsSpan(0, traceIdLength), _spanId.AsSpan(0, spanIdLength)) is { } e)
        {
            _events.Add(e);
        }
    }

    private CodexEvent? ToEvent(ReadOnlySpan<byte> line, ulong time, ulong observed, ReadOnlySpan<byte> traceId, ReadOnlySpan<byte> spanId)
    {
        var attributes = CollectionsMarshal.AsSpan(_attributes);
        if (attributes.IsEmpty)
        {
            return null;
        }

        var fields = default(RecordFields);
        foreach (ref readonly var attribute in attributes)
        {
            if (attribute.Key.Name == CodexNormaliser.ImportSourceAttribute)
            {
                throw new Declined();
            }

            // event.timestamp only stands in for a record without a time (CodexNormaliser.TimeNanos): Codex sends it
            // on every record, with the observed time, so its text is made only when it is needed.
            if (attribute.Key.Field == RecordField.None || (attribute.Key.Field == RecordField.EventTimestamp && (time | observed) != 0))
            {
                continue;
            }

            if (attribute.Kind == ValueKind.String)
            {
                fields.TakeString(attribute.Key.Field, FieldText(attribute, line));
            }
            else
            {
                fields.Take(attribute.Key.Field, ValueOf(attribute));
            }
        }

        if (fields.Name is not { } name || fields.ConversationId is not { } conversationId
            || CodexNormaliser.TimeNanos(time, observed, fields.EventTimestamp) is not { } nanos)
        {
            return null;
        }

        SortByKey(attributes);
        var key = Key(attributes, conversationId, name, nanos, traceId, spanId, line);
        var shared = new SharedValues(fields.Text, fields.Detail, conversationId, name, fields.Model);
        var stored = Stored(attributes, fields, shared, line);
        _resource ??= new Dictionary<string, object?>(0, StringComparer.Ordinal);
        return CodexNormaliser.Build(fields, key, nanos, _traceHex.Of(traceId), _spanHex.Of(spanId), new LazyAttributes(stored, shared), _resource, "ledger");
    }

    // The texts of the fields that name things repeat from record to record; prompts, arguments and outputs do not.
    private string FieldText(in Attribute attribute, ReadOnlySpan<byte> line) => attribute.Key.Field switch
    {
        RecordField.Name or RecordField.ConversationId or RecordField.EventKind or RecordField.Model or RecordField.CallId
            or RecordField.ToolName or RecordField.Decision or RecordField.DecisionSource or RecordField.Outcome
            or RecordField.TurnId => _recentTexts.Of(attribute.Text.Span(line, _scratch)),
        _ => TextOf(attribute, line),
    };

    // Strings are taken as text (RecordFields.TakeString), without a value around them.
    private static AnyValue? ValueOf(in Attribute attribute) => attribute.Kind switch
    {
        ValueKind.Absent => null,
        ValueKind.String => throw new System.Diagnostics.UnreachableException(),
        ValueKind.Int => new AnyValue { IntValue = attribute.Int },
        ValueKind.Double => new AnyValue { DoubleValue = attribute.Double },
        ValueKind.Bool => new AnyValue { BoolValue = attribute.Bool },
        _ => new AnyValue(),
    };

    /// <summary>Orders the attributes by key into <see cref="_sortOrder"/>; declines a key given twice.</summary>
    private void SortByKey(ReadOnlySpan<Attribute> attributes)
    {
        var count = attributes.Length;
        if (_sortKeys.Length < count)
        {
            _sortKeys = new string[count * 2];
            _sortOrder = new int[count * 2];
        }

        // Records of one kind carry the same keys in the same order: a recent order is reused.
        var hash = count;
        for (var i = 0; i < count; i++)
        {
            _sortKeys[i] = attributes[i].Key.Name;
            hash = HashCode.Combine(hash, attributes[i].Key.Hash);
        }

        ref var known = ref _orders[hash & (_orders.Length - 1)];
        if (known.Keys is { } keys && keys.Length == count && keys.AsSpan().SequenceEqual(_sortKeys.AsSpan(0, count), ReferenceEqualityComparer.Instance))
        {
            known.Order.CopyTo(_sortOrder, 0);
            return;
        }

        var unsorted = _sortKeys[..count];
        for (var i = 0; i < count; i++)
        {
            _sortOrder[i] = i;
        }

        Array.Sort(_sortKeys, _sortOrder, 0, count, StringComparer.Ordinal);
        for (var i = 1; i < count; i++)
        {
            // The decoder keeps both; which one an unstable sort puts first would decide the key.
            if (_sortKeys[i] == _sortKeys[i - 1])
            {
                throw new Declined();
            }
        }

        known = new KnownOrder(unsorted, _sortOrder[..count]);
    }

    /// <summary>The keys of a record as they came, and the order that sorts them.</summary>
    private readonly record struct KnownOrder(string[]? Keys, int[] Order);

    private string Key(
        ReadOnlySpan<Attribute> attributes, string conversationId, string name, ulong nanos, ReadOnlySpan<byte> traceId, ReadOnlySpan<byte> spanId, ReadOnlySpan<byte> line)
    {
        var buffer = EventKey.BeginRecord(conversationId, name, nanos, traceId, spanId);
        for (var i = 0; i < attributes.Length; i++)
        {
            ref readonly var attribute = ref attributes[_sortOrder[i]];
            switch (attribute.Kind)
            {
                case ValueKind.String: EventKey.AddString(buffer, attribute.Key.Utf8, attribute.Text.Span(line, _scratch)); break;
                case ValueKind.Int: EventKey.AddInt(buffer, attribute.Key.Utf8, attribute.Int); break;
                case ValueKind.Double: EventKey.AddDouble(buffer, attribute.Key.Utf8, attribute.Double); break;
                case ValueKind.Bool: EventKey.AddBool(buffer, attribute.Key.Utf8, attribute.Bool); break;
                default: EventKey.AddNone(buffer, attribute.Key.Utf8); break;
            }
        }

        return EventKey.Finish(buffer);
    }

    /// <summary>The attributes as <see cref="AttributeJson.WriteStored"/> stores the normaliser's map of them.</summary>
    private StoredAttributes Stored(ReadOnlySpan<Attribute> attributes, in RecordFields fields, SharedValues shared, ReadOnlySpan<byte> line)
    {
        _shared[0] = SharedText(attributes, shared.Text, fields.Prompt is not null ? RecordField.Prompt : fields.Arguments is not null ? RecordField.Arguments : RecordField.Response);
        _shared[1] = SharedText(attributes, shared.Detail, fields.Output is not null ? RecordField.Output : RecordField.ErrorMessage);
        _shared[2] = SharedText(attributes, shared.ConversationId, RecordField.ConversationId);
        _shared[3] = SharedText(attributes, shared.Name, RecordField.Name);
        _shared[4] = SharedText(attributes, shared.Model, RecordField.Model);
        if (_places.Length < attributes.Length)
        {
            _places = new Place[attributes.Length * 2];
        }

        var values = _valuesJson.Start();
        values.WriteStartArray();
        var hash = attributes.Length;
        for (var i = 0; i < attributes.Length; i++)
        {
            ref readonly var attribute = ref attributes[i];
            var place = _places[i] = PlaceOf(attribute, line);
            hash = HashCode.Combine(hash, attribute.Key.Hash, place);
            if (place == Place.Constant)
            {
                hash = HashCode.Combine(hash, XxHash3.HashToUInt64(attribute.Text.Span(line, _scratch)));
            }
            else if (place == Place.Slot)
            {
                WriteValue(values, attribute, line);
            }
        }

        values.WriteEndArray();
        return new StoredAttributes(ShapeOf(attributes, hash, line), _valuesJson.Written().ToArray());
    }

    /// <summary>Where the shape puts an attribute's value (AttributeJson.WriteStored decides alike).</summary>
    private Place PlaceOf(in Attribute attribute, ReadOnlySpan<byte> line)
    {
        if (attribute.Kind != ValueKind.String)
        {
            return Place.Slot;
        }

        var text = attribute.Text.Span(line, _scratch);
        for (var i = 0; i < References.Length; i++)
        {
            if (_shared[i] is { } shared && text.SequenceEqual(shared.Span(line, _scratch)))
            {
                return (Place)((int)Place.Reference + i);
            }
        }

        return attribute.Key.ShapeConstant && (text.IsEmpty || text[0] != (byte)SharedValues.Marker) ? Place.Constant : Place.Slot;
    }

    private void WriteValue(System.Text.Json.Utf8JsonWriter json, in Attribute attribute, ReadOnlySpan<byte> line)
    {
        switch (attribute.Kind)
        {
            case ValueKind.String: json.WriteStringValue(attribute.Text.Span(line, _scratch)); break;
            case ValueKind.Int: json.WriteNumberValue(attribute.Int); break;
            case ValueKind.Double: AttributeJson.WriteFloat(json, attribute.Double); break;
            case ValueKind.Bool: json.WriteBooleanValue(attribute.Bool); break;
            default: json.WriteNullValue(); break;
        }
    }

    /// <summary>The shape of the attributes, placed in <see cref="_places"/>: a recent one when it matches, else written.</summary>
    private AttributeShape ShapeOf(ReadOnlySpan<Attribute> attributes, int hash, ReadOnlySpan<byte> line)
    {
        ref var known = ref _shapes[hash & (_shapes.Length - 1)];
        if (known is not null && known.Matches(attributes, _places, line, _scratch))
        {
            return known.Shape;
        }

        var json = _shapeJson.Start();
        json.WriteStartObject();
        for (var i = 0; i < attributes.Length; i++)
        {
            ref readonly var attribute = ref attributes[i];
            json.WritePropertyName(attribute.Key.Json);
            var place = _places[i];
            if (place == Place.Slot)
            {
                json.WriteStringValue(AttributeJson.Slot);
            }
            else if (place == Place.Constant)
            {
                json.WriteStringValue(attribute.Text.Span(line, _scratch));
            }
            else
            {
                ReadOnlySpan<char> reference = [SharedValues.Marker, References[place - Place.Reference]];
                json.WriteStringValue(reference);
            }
        }

        json.WriteEndObject();
        known = new KnownShape(attributes, _places, line, _scratch, new AttributeShape(_shapeJson.Written().ToArray()));
        return known.Shape;
    }

    /// <summary>
    /// Where the UTF-8 of a shared value is: in the attribute it came from when that was a string, else (a number
    /// the normaliser turned into text) encoded into the scratch buffer.
    /// </summary>
    private TextRef? SharedText(ReadOnlySpan<Attribute> attributes, string? value, RecordField field)
    {
        if (value is null)
        {
            return null;
        }

        foreach (ref readonly var attribute in attributes)
        {
            if (attribute.Key.Field == field && attribute.Kind == ValueKind.String)
            {
                return attribute.Text;
            }
        }

        EnsureScratch(Encoding.UTF8.GetMaxByteCount(value.Length));
        var written = Encoding.UTF8.GetBytes(value, _scratch.AsSpan(_scratchUsed));
        var text = new TextRef(true, _scratchUsed, written);
        _scratchUsed += written;
        return text;
    }

    /// <summary>Where a shape puts a value: in a slot, in the shape itself, or as a reference (one per <see cref="References"/> letter, from <see cref="Reference"/> on).</summary>
    private enum Place : byte
    {
        Slot,
        Constant,
        Reference,
    }

    /// <summary>A shape written for a record: its keys (by reference), where each value went, and the texts it holds.</summary>
    private sealed class KnownShape
    {
        private readonly AttributeKey[] _keys;
        private readonly Place[] _places;
        private readonly byte[]?[] _constants;

        public KnownShape(ReadOnlySpan<Attribute> attributes, Place[] places, ReadOnlySpan<byte> line, byte[] scratch, AttributeShape shape)
        {
            _keys = new AttributeKey[attributes.Length];
            _places = places[..attributes.Length];
            _constants = new byte[]?[attributes.Length];
            for (var i = 0; i < attributes.Length; i++)
            {
                _keys[i] = attributes[i].Key;
                _constants[i] = places[i] == Place.Constant ? attributes[i].Text.Span(line, scratch).ToArray() : null;
            }

            Shape = shape;
        }

        public AttributeShape Shape { get; }

        public bool Matches(ReadOnlySpan<Attribute> attributes, Place[] places, ReadOnlySpan<byte> line, byte[] scratch)
        {
            if (attributes.Length != _keys.Length || !places.AsSpan(0, attributes.Length).SequenceEqual(_places))
            {
                return false;
            }

            for (var i = 0; i < attributes.Length; i++)
            {
                if (!ReferenceEquals(attributes[i].Key, _keys[i])
                    || (_constants[i] is { } constant && !attributes[i].Text.Span(line, scratch).SequenceEqual(constant)))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>An id's hex, made once for the records in a row that share it (those of one span or trace).</summary>
    private sealed class LastHex
    {
        private readonly byte[] _id = new byte[HexId.TraceIdBytes];
        private int _length = -1;
        private string? _hex;

        public string? Of(ReadOnlySpan<byte> id)
        {
            if (id.Length != _length || !id.SequenceEqual(_id.AsSpan(0, _length)))
            {
                id.CopyTo(_id);
                _length = id.Length;
                _hex = CodexNormaliser.Hex(id);
            }

            return _hex;
        }
    }
}
