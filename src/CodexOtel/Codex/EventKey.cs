using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;

namespace CodexOtel.Codex;

/// <summary>
/// Stable identities for <see cref="CodexEvent.Key"/>: the first 128 bits of a SHA-256, in hex, over a canonical
/// encoding of what makes the record unique. Every part is length-prefixed so no two inputs encode alike, and
/// attributes are sorted by key so the order an exporter or collector happened to write them in does not matter.
/// </summary>
internal static class EventKey
{
    private static readonly IComparer<KeyValue> ByKey = Comparer<KeyValue>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key));

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static IncrementalHash? t_sha;

    /// <summary>A telemetry record: conversation, event name, time, trace/span ids and all its attributes.</summary>
    public static string ForRecord(
        string conversationId, string name, ulong timeNanos, ByteString traceId, ByteString spanId, RepeatedField<KeyValue> attributes)
    {
        var buffer = BeginRecord(conversationId, name, timeNanos, traceId.Span, spanId.Span);
        var count = attributes.Count;
        var sorted = ArrayPool<KeyValue>.Shared.Rent(count);
        try
        {
            attributes.CopyTo(sorted, 0);
            Array.Sort(sorted, 0, count, ByKey);
            for (var i = 0; i < count; i++)
            {
                Text(buffer, sorted[i].Key);
                Value(buffer, sorted[i].Value);
            }
        }
        finally
        {
            Array.Clear(sorted, 0, count);
            ArrayPool<KeyValue>.Shared.Return(sorted);
        }

        return Finish(buffer);
    }

    /// <summary>
    /// Starts the key of a record for a reader that has no <see cref="KeyValue"/>s: it then adds the attributes sorted
    /// by key (ordinal), each with one of the <c>Add…</c> methods (the key as UTF-8), and calls <see cref="Finish"/>.
    /// The bytes are those <see cref="ForRecord"/> hashes.
    /// </summary>
    internal static ArrayBufferWriter<byte> BeginRecord(
        string conversationId, string name, ulong timeNanos, ReadOnlySpan<byte> traceId, ReadOnlySpan<byte> spanId)
    {
        var buffer = Begin();
        Text(buffer, conversationId);
        Text(buffer, name);
        Number(buffer, (long)timeNanos);
        Bytes(buffer, traceId);
        Bytes(buffer, spanId);
        return buffer;
    }

    internal static void AddString(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> key, ReadOnlySpan<byte> utf8)
    {
        Bytes(buffer, key);
        Tag(buffer, 's');
        Bytes(buffer, utf8);
    }

    internal static void AddInt(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> key, long value)
    {
        Bytes(buffer, key);
        Tag(buffer, 'i');
        Number(buffer, value);
    }

    internal static void AddDouble(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> key, double value)
    {
        Bytes(buffer, key);
        Tag(buffer, 'd');
        Number(buffer, BitConverter.DoubleToInt64Bits(value));
    }

    internal static void AddBool(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> key, bool value)
    {
        Bytes(buffer, key);
        Tag(buffer, value ? 'T' : 'F');
    }

    /// <summary>An attribute without a value.</summary>
    internal static void AddNone(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> key)
    {
        Bytes(buffer, key);
        Tag(buffer, 'n');
    }

    /// <summary>An event read from a rollout file: conversation, event name and the text of the line(s) it came from.</summary>
    public static string ForRollout(string conversationId, string name, string line, string? secondLine = null)
    {
        var buffer = Begin();
        Text(buffer, "rollout");
        Text(buffer, conversationId);
        Text(buffer, name);
        Text(buffer, line);
        if (secondLine is not null)
        {
            Text(buffer, secondLine);
        }

        return Finish(buffer);
    }

    private static ArrayBufferWriter<byte> Begin()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        return buffer;
    }

    internal static string Finish(ArrayBufferWriter<byte> buffer)
    {
        // One hash object per thread: a one-shot hash sets up and frees a native context on every call.
        var sha = t_sha ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(buffer.WrittenSpan);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        sha.GetHashAndReset(hash);
        if (buffer.Capacity > 1 << 20)
        {
            // A huge tool output should not pin a megabyte buffer to the thread forever.
            t_buffer = null;
        }

        return Convert.ToHexStringLower(hash[..16]);
    }

    private static void Value(ArrayBufferWriter<byte> buffer, AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                Tag(buffer, 's');
                Text(buffer, value.StringValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                Tag(buffer, 'i');
                Number(buffer, value.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                Tag(buffer, 'd');
                Number(buffer, BitConverter.DoubleToInt64Bits(value.DoubleValue));
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                Tag(buffer, value.BoolValue ? 'T' : 'F');
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                Tag(buffer, 'x');
                Bytes(buffer, value.BytesValue.Span);
                break;
            case AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue:
                Tag(buffer, 'j');
                Text(buffer, AnyValues.ToJson(value));
                break;
            default:
                Tag(buffer, 'n');
                break;
        }
    }

    private static void Tag(ArrayBufferWriter<byte> buffer, char tag)
    {
        buffer.GetSpan(1)[0] = (byte)tag;
        buffer.Advance(1);
    }

    private static void Number(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void Text(ArrayBufferWriter<byte> buffer, string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length) + 4;
        var span = buffer.GetSpan(max);
        var written = Encoding.UTF8.GetBytes(text, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, written);
        buffer.Advance(written + 4);
    }

    private static void Bytes(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        var span = buffer.GetSpan(bytes.Length + 4);
        BinaryPrimitives.WriteInt32LittleEndian(span, bytes.Length);
        bytes.CopyTo(span[4..]);
        buffer.Advance(bytes.Length + 4);
    }
}
