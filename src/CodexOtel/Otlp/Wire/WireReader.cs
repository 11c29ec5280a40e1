namespace CodexOtel.Otlp.Wire;

/// <summary>
/// Reads the protobuf wire format (protobuf.dev/programming-guides/encoding) straight from the request bytes:
/// tags, varints, fixed-width numbers and length-delimited slices, without allocating. Anything malformed — or a
/// deprecated group — throws <see cref="WireFormatException"/>; callers then take the general decoder, which
/// reports the problem precisely.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> data)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int Len = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>Where the tag read last starts: a repeated field can be read again from there.</summary>
    public int TagStart { get; private set; }

    public static uint Tag(int field, int wireType) => (uint)((field << 3) | wireType);

    /// <summary>Reads the next tag; false at the end of the message.</summary>
    public bool TryReadTag(out uint tag)
    {
        if (_position >= _data.Length)
        {
            tag = 0;
            return false;
        }

        TagStart = _position;

        // Fields 1–15 have one-byte tags: nearly every tag of an OTLP request.
        var first = _data[_position];
        if (first is < 0x80 and >= 8)
        {
            _position++;
            tag = first;
            return true;
        }

        var value = ReadVarint();
        if (value is 0 or > uint.MaxValue || (value >> 3) == 0)
        {
            throw new WireFormatException();
        }

        tag = (uint)value;
        return true;
    }

    public ulong ReadVarint()
    {
        if ((uint)_position < (uint)_data.Length && _data[_position] < 0x80)
        {
            return _data[_position++];
        }

        return ReadLongVarint();
    }

    private ulong ReadLongVarint()
    {
        var data = _data;
        var position = _position;
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if ((uint)position >= (uint)data.Length)
            {
                throw new WireFormatException();
            }

            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                _position = position;
                return result;
            }
        }

        throw new WireFormatException();
    }

    public ulong ReadFixed64()
    {
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        return value;
    }

    public uint ReadFixed32() => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    /// <summary>The payload of a length-delimited field (a string, bytes, or an embedded message).</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        return length > int.MaxValue ? throw new WireFormatException() : Take((int)length);
    }

    /// <summary>Skips the value of a field whose tag was just read.</summary>
    public void Skip(uint tag)
    {
        switch ((int)(tag & 7))
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Take(8);
                break;
            case Len:
                ReadBytes();
                break;
            case Fixed32:
                Take(4);
                break;
            default:
                throw new WireFormatException();
        }
    }

    /// <summary>Moves to the next occurrence of a length-delimited field and reads it; false when there is none.</summary>
    public bool TryReadNext(uint tag, out ReadOnlySpan<byte> value)
    {
        while (TryReadTag(out var next))
        {
            if (next == tag)
            {
                value = ReadBytes();
                return true;
            }

            Skip(next);
        }

        value = default;
        return false;
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _data.Length - _position)
        {
            throw new WireFormatException();
        }

        var slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }
}

/// <summary>The bytes are not what the fast path reads; the general decoder takes over.</summary>
internal sealed class WireFormatException : Exception
{
}
