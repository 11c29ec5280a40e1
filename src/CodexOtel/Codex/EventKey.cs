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
    private static KeyBuffer? t_buffer;

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
    internal static KeyBuffer BeginRecord(
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

    internal static void AddString(KeyBuffer buffer, ReadOnlySpan<byte> key, ReadOnlySpan<byte> utf8)
    {
        Bytes(buffer, key);
        Tag(buffer, 's');
        Bytes(buffer, utf8);
    }

    internal static void AddInt(KeyBuffer buffer, ReadOnlySpan<byte> key, long value)
    {
        Bytes(buffer, key);
        Tag(buffer, 'i');
        Number(buffer, value);
    }

    internal static void AddDouble(KeyBuffer buffer, ReadOnlySpan<byte> key, double value)
    {
        Bytes(buffer, key);
        Tag(buffer, 'd');
        Number(buffer, BitConverter.DoubleToInt64Bits(value));
    }

    internal static void AddBool(KeyBuffer buffer, ReadOnlySpan<byte> key, bool value)
    {
        Bytes(buffer, key);
        Tag(buffer, value ? 'T' : 'F');
    }

    /// <summary>An attribute without a value.</summary>
    internal static void AddNone(KeyBuffer buffer, ReadOnlySpan<byte> key)
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

    private static KeyBuffer Begin()
    {
        var buffer = t_buffer ??= new KeyBuffer();
        buffer.Reset();
        return buffer;
    }

    internal static string Finish(KeyBuffer buffer)
    {
        // One hash object per thread: a one-shot hash sets up and frees a native context on every call.
        var sha = t_sha ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(buffer.Written);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        sha.GetHashAndReset(hash);
        if (buffer.Capacity > 1 << 20)
        {
            // A huge tool output should not pin a megabyte buffer to the thread forever.
            t_buffer = null;
        }

        return Convert.ToHexStringLower(hash[..16]);
    }

    private static void Value(KeyBuffer buffer, AnyValue? value)
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

    private static void Tag(KeyBuffer buffer, char tag) => buffer.Take(1)[0] = (byte)tag;

    private static void Number(KeyBuffer buffer, long value) => BinaryPrimitives.WriteInt64LittleEndian(buffer.Take(8), value);

    private static void Text(KeyBuffer buffer, string text)
    {
        var span = buffer.Free(Encoding.UTF8.GetMaxByteCount(text.Length) + 4);
        var written = Encoding.UTF8.GetBytes(text, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, written);
        buffer.Take(written + 4);
    }

    private static void Bytes(KeyBuffer buffer, ReadOnlySpan<byte> bytes)
    {
        var span = buffer.Take(bytes.Length + 4);
        BinaryPrimitives.WriteInt32LittleEndian(span, bytes.Length);
        bytes.CopyTo(span[4..]);
    }
}
