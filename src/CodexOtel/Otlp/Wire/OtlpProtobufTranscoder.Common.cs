using System.Text.Json;
using System.Text.Unicode;
using CodexOtel.Otlp.Json;
using static CodexOtel.Otlp.Json.JsonFields;
using static CodexOtel.Otlp.Wire.WireReader;

namespace CodexOtel.Otlp.Wire;

internal static partial class OtlpProtobufTranscoder
{
    private const int StringMember = 1;

    [ThreadStatic]
    private static byte[]? keyValueScratch;

    private static ReadOnlySpan<byte> KeyPrefix => "{\"key\":"u8;

    private static ReadOnlySpan<byte> StringValuePrefix => ",\"value\":{\"stringValue\":"u8;

    private static ReadOnlySpan<byte> ValuePrefix => "{\"value\":{\"stringValue\":"u8;

    // resource.proto Resource: attributes 1, dropped_attributes_count 2, entity_refs 3. Written even when absent.
    private static void WriteResource(Utf8JsonWriter writer, ReadOnlySpan<byte> resource, ResourceStamp? stamp)
    {
        writer.WritePropertyName(JsonNames.Resource);
        writer.WriteStartObject();
        var reader = new WireReader(resource);
        var attributesAt = -1;
        var entityRefsAt = -1;
        uint dropped = 0;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1 << 3) | Len:
                    attributesAt = FirstAt(attributesAt, ref reader);
                    break;
                case (2 << 3) | Varint:
                    dropped = (uint)reader.ReadVarint();
                    break;
                case (3 << 3) | Len:
                    entityRefsAt = FirstAt(entityRefsAt, ref reader);
                    break;
                default:
                    reader.Skip(tag);
                    break;
            }
        }

        if (stamp is null)
        {
            WriteKeyValues(writer, JsonNames.Attributes, resource, attributesAt, Tag(1, Len));
        }
        else
        {
            WriteStampedAttributes(writer, resource, attributesAt, stamp);
        }

        WriteUInt32(writer, JsonNames.DroppedAttributesCount, dropped);
        WriteRepeated(writer, JsonNames.EntityRefs, resource, entityRefsAt, Tag(3, Len), 0, static (w, entityRef, _) => WriteEntityRef(w, entityRef));
        writer.WriteEndObject();
    }

    /// <summary>
    /// A resource's attributes, then the stamp's (as <see cref="ResourceStamp.Apply"/> leaves a decoded resource). An
    /// attribute the stamp owns is the general path's to take away: this one would have to check its value as strictly
    /// as decoding does (or accept what the general path refuses), which is not worth it for what only a forger sends.
    /// </summary>
    private static void WriteStampedAttributes(Utf8JsonWriter writer, ReadOnlySpan<byte> resource, int firstAt, ResourceStamp stamp)
    {
        if (firstAt < 0 && stamp.Utf8Values.Count == 0)
        {
            return;
        }

        writer.WritePropertyName(JsonNames.Attributes);
        writer.WriteStartArray();
        if (firstAt >= 0)
        {
            var reader = new WireReader(resource[firstAt..]);
            while (reader.TryReadNext(Tag(1, Len), out var keyValue))
            {
                if (stamp.Owns(KeyOf(keyValue)))
                {
                    throw new WireFormatException();
                }

                WriteKeyValue(writer, keyValue, 0);
            }
        }

        foreach (var (key, value) in stamp.Utf8Values)
        {
            WriteStringKeyValue(writer, key, value);
        }

        writer.WriteEndArray();
    }

    // common.proto KeyValue: key 1 (the last one given counts, as when decoding).
    private static ReadOnlySpan<byte> KeyOf(ReadOnlySpan<byte> keyValue)
    {
        var reader = new WireReader(keyValue);
        ReadOnlySpan<byte> key = default;
        while (reader.TryReadTag(out var tag))
        {
            if (tag == Tag(1, Len))
            {
                key = reader.ReadBytes();
            }
            else
            {
                reader.Skip(tag);
            }
        }

        return key;
    }

    // common.proto EntityRef: schema_url 1, type 2, id_keys 3, description_keys 4.
    private static void WriteEntityRef(Utf8JsonWriter writer, ReadOnlySpan<byte> entityRef)
    {
        var reader = new WireReader(entityRef);
        ReadOnlySpan<byte> schemaUrl = default;
        ReadOnlySpan<byte> type = default;
        var idKeysAt = -1;
        var descriptionKeysAt = -1;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1 << 3) | Len:
                    schemaUrl = reader.ReadBytes();
                    break;
                case (2 << 3) | Len:
                    type = reader.ReadBytes();
                    break;
                case (3 << 3) | Len:
                    idKeysAt = FirstAt(idKeysAt, ref reader);
                    break;
                case (4 << 3) | Len:
                    descriptionKeysAt = FirstAt(descriptionKeysAt, ref reader);
                    break;
                default:
                    reader.Skip(tag);
                    break;
            }
        }

        writer.WriteStartObject();
        WriteString(writer, JsonNames.SchemaUrl, schemaUrl);
        WriteString(writer, JsonNames.Type, type);
        WriteRepeated(writer, JsonNames.IdKeys, entityRef, idKeysAt, Tag(3, Len), 0, static (w, key, _) => WriteUtf8(w, key));
        WriteRepeated(writer, JsonNames.DescriptionKeys, entityRef, descriptionKeysAt, Tag(4, Len), 0, static (w, key, _) => WriteUtf8(w, key));
        writer.WriteEndObject();
    }

    // common.proto InstrumentationScope: name 1, version 2, attributes 3, dropped_attributes_count 4. Written even when absent.
    private static void WriteScope(Utf8JsonWriter writer, ReadOnlySpan<byte> scope)
    {
        writer.WritePropertyName(JsonNames.Scope);
        writer.WriteStartObject();
        var reader = new WireReader(scope);
        ReadOnlySpan<byte> name = default;
        ReadOnlySpan<byte> version = default;
        var attributesAt = -1;
        uint dropped = 0;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1 << 3) | Len:
                    name = reader.ReadBytes();
                    break;
                case (2 << 3) | Len:
                    version = reader.ReadBytes();
                    break;
                case (3 << 3) | Len:
                    attributesAt = FirstAt(attributesAt, ref reader);
                    break;
                case (4 << 3) | Varint:
                    dropped = (uint)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(tag);
                    break;
            }
        }

        WriteString(writer, JsonNames.Name, name);
        WriteString(writer, JsonNames.Version, version);
        WriteKeyValues(writer, JsonNames.Attributes, scope, attributesAt, Tag(3, Len));
        WriteUInt32(writer, JsonNames.DroppedAttributesCount, dropped);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Records where a repeated length-delimited field first occurs (its tag was just read) and skips its value;
    /// the field is written later by reading the message again from there.
    /// </summary>
    private static int FirstAt(int firstAt, ref WireReader reader)
    {
        reader.ReadBytes();
        return firstAt >= 0 ? firstAt : reader.TagStart;
    }

    /// <summary>The repeated KeyValue field <paramref name="tag"/> of <paramref name="message"/>, from its first occurrence.</summary>
    private static void WriteKeyValues(Utf8JsonWriter writer, JsonEncodedText name, ReadOnlySpan<byte> message, int firstAt, uint tag, int depth = 0) =>
        WriteRepeated(writer, name, message, firstAt, tag, depth, WriteKeyValue);

    /// <summary>
    /// A repeated length-delimited field as a JSON array, read from its first occurrence on (other fields may come
    /// between its items); left out when it has none.
    /// </summary>
    private static void WriteRepeated<TState>(
        Utf8JsonWriter writer,
        JsonEncodedText name,
        ReadOnlySpan<byte> message,
        int firstAt,
        uint tag,
        TState state,
        Action<Utf8JsonWriter, ReadOnlySpan<byte>, TState> writeItem)
    {
        if (firstAt < 0)
        {
            return;
        }

        writer.WritePropertyName(name);
        writer.WriteStartArray();
        var reader = new WireReader(message[firstAt..]);
        while (reader.TryReadNext(tag, out var item))
        {
            writeItem(writer, item, state);
        }

        writer.WriteEndArray();
    }

    // common.proto KeyValue: key 1, value 2 ("value":{} when absent).
    private static void WriteKeyValue(Utf8JsonWriter writer, ReadOnlySpan<byte> keyValue, int depth)
    {
        var reader = new WireReader(keyValue);
        ReadOnlySpan<byte> key = default;
        ReadOnlySpan<byte> value = default;
        var hasValue = false;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1 << 3) | Len:
                    key = reader.ReadBytes();
                    break;
                case (2 << 3) | Len:
                    value = Once(ref hasValue, reader.ReadBytes());
                    break;
                default:
                    reader.Skip(tag);
                    break;
            }
        }

        var any = ReadAnyValue(value, depth);
        if (any.Member == StringMember)
        {
            WriteStringKeyValue(writer, key, any.Bytes);
            return;
        }

        writer.WriteStartObject();
        WriteString(writer, JsonNames.Key, key);
        writer.WritePropertyName(JsonNames.Value);
        WriteAnyValue(writer, any, depth);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The attribute nearly every record is made of, a string: composed whole and written in one call, which costs
    /// a fraction of the nine writer calls its objects and properties would take.
    /// </summary>
    private static void WriteStringKeyValue(Utf8JsonWriter writer, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (!Utf8.IsValid(key) || !Utf8.IsValid(value))
        {
            throw new WireFormatException();
        }

        var buffer = Scratch.Get(ref keyValueScratch, KeyPrefix.Length + StringValuePrefix.Length + 2
            + JsonStringWriter.MaxQuotedLength(key.Length) + JsonStringWriter.MaxQuotedLength(value.Length));
        var o = 0;
        if (key.IsEmpty)
        {
            o = Append(buffer, o, ValuePrefix);
        }
        else
        {
            o = Append(buffer, o, KeyPrefix);
            o += JsonStringWriter.Quote(key, buffer.AsSpan(o));
            o = Append(buffer, o, StringValuePrefix);
        }

        o += JsonStringWriter.Quote(value, buffer.AsSpan(o));
        o = Append(buffer, o, "}}"u8);
        writer.WriteRawValue(buffer.AsSpan(0, o), skipInputValidation: true);
    }

    private static int Append(byte[] buffer, int offset, ReadOnlySpan<byte> text)
    {
        text.CopyTo(buffer.AsSpan(offset));
        return offset + text.Length;
    }

    /// <summary>An AnyValue's member: its field number (0 for none), and its bytes or its scalar's bits.</summary>
    private readonly ref struct AnyValueMember(int member, ReadOnlySpan<byte> bytes, ulong scalar)
    {
        public int Member { get; } = member;

        public ReadOnlySpan<byte> Bytes { get; } = bytes;

        public ulong Scalar { get; } = scalar;
    }

    // common.proto AnyValue, a oneof (the last member given wins): string 1, bool 2, int 3, double 4, array 5,
    // kvlist 6, bytes 7.
    private static AnyValueMember ReadAnyValue(ReadOnlySpan<byte> anyValue, int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new WireFormatException();
        }

        var reader = new WireReader(anyValue);
        uint chosen = 0;
        ReadOnlySpan<byte> bytes = default;
        ulong scalar = 0;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1 << 3) | Len:
                case (7 << 3) | Len:
                    bytes = reader.ReadBytes();
                    break;
                case (5 << 3) | Len:
                case (6 << 3) | Len:
                    // A message member given twice in a row is merged by protobuf: the general path does that.
                    bytes = chosen == tag ? throw new WireFormatException() : reader.ReadBytes();
                    break;
                case (2 << 3) | Varint:
                case (3 << 3) | Varint:
                    scalar = reader.ReadVarint();
                    break;
                case (4 << 3) | Fixed64:
                    scalar = reader.ReadFixed64();
                    break;
                default:
                    reader.Skip(tag);
                    continue;
            }

            chosen = tag;
        }

        return new AnyValueMember((int)(chosen >> 3), bytes, scalar);
    }

    private static void WriteAnyValue(Utf8JsonWriter writer, ReadOnlySpan<byte> anyValue, int depth) =>
        WriteAnyValue(writer, ReadAnyValue(anyValue, depth), depth);

    // An empty AnyValue is {}.
    private static void WriteAnyValue(Utf8JsonWriter writer, AnyValueMember value, int depth)
    {
        writer.WriteStartObject();
        switch (value.Member)
        {
            case StringMember:
                writer.WritePropertyName(JsonNames.StringValue);
                WriteUtf8(writer, value.Bytes);
                break;
            case 2:
                writer.WriteBoolean(JsonNames.BoolValue, value.Scalar != 0);
                break;
            case 3:
                writer.WritePropertyName(JsonNames.IntValue);
                WriteQuoted(writer, (long)value.Scalar);
                break;
            case 4:
                writer.WritePropertyName(JsonNames.DoubleValue);
                GoFloat.Write(writer, BitConverter.UInt64BitsToDouble(value.Scalar));
                break;
            case 5:
                WriteArrayValue(writer, value.Bytes, depth + 1);
                break;
            case 6:
                writer.WritePropertyName(JsonNames.KvlistValue);
                writer.WriteStartObject();
                WriteKeyValues(writer, JsonNames.Values, value.Bytes, FirstOf(value.Bytes, Tag(1, Len)), Tag(1, Len), depth + 1);
                writer.WriteEndObject();
                break;
            case 7:
                writer.WritePropertyName(JsonNames.BytesValue);
                WriteBase64(writer, value.Bytes);
                break;
        }

        writer.WriteEndObject();
    }

    // common.proto ArrayValue: values 1.
    private static void WriteArrayValue(Utf8JsonWriter writer, ReadOnlySpan<byte> array, int depth)
    {
        writer.WritePropertyName(JsonNames.ArrayValue);
        writer.WriteStartObject();
        var reader = new WireReader(array);
        var any = false;
        while (reader.TryReadNext(Tag(1, Len), out var item))
        {
            if (!any)
            {
                writer.WritePropertyName(JsonNames.Values);
                writer.WriteStartArray();
                any = true;
            }

            WriteAnyValue(writer, item, depth);
        }

        if (any)
        {
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>Where the first occurrence of a length-delimited field starts, or -1.</summary>
    private static int FirstOf(ReadOnlySpan<byte> message, uint tag)
    {
        var reader = new WireReader(message);
        return reader.TryReadNext(tag, out _) ? reader.TagStart : -1;
    }

    /// <summary>A string field, left out when empty.</summary>
    private static void WriteString(Utf8JsonWriter writer, JsonEncodedText name, ReadOnlySpan<byte> utf8)
    {
        if (!utf8.IsEmpty)
        {
            writer.WritePropertyName(name);
            WriteUtf8(writer, utf8);
        }
    }

    private static void WriteUtf8(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8)
    {
        if (!JsonStringWriter.TryWriteUtf8(writer, utf8))
        {
            throw new WireFormatException();
        }
    }

    /// <summary>A trace id (16 bytes) or span id (8 bytes), or absent; any other length is refused by the general path.</summary>
    private static void WriteId(Utf8JsonWriter writer, JsonEncodedText name, ReadOnlySpan<byte> id, int length)
    {
        if (!id.IsEmpty && id.Length != length)
        {
            throw new WireFormatException();
        }

        JsonFields.WriteId(writer, name, id);
    }
}
