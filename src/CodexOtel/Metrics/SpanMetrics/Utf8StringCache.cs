using System.Buffers.Binary;
using System.Text;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// Strings by their UTF-8 bytes, for the few span names a service uses over and over: a hit costs a hash and a
/// compare instead of decoding and allocating a string for every span. Direct-mapped and bounded: a colliding name
/// replaces the one before, so a service with unbounded names costs only the misses.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int Slots = 1024;
    private const int MaxLength = 256;

    private readonly (byte[] Utf8, string Text)?[] _slots = new (byte[], string)?[Slots];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        ref var slot = ref _slots[Hash(utf8) & (Slots - 1)];
        if (slot is { } hit && utf8.SequenceEqual(hit.Utf8))
        {
            return hit.Text;
        }

        var text = Encoding.UTF8.GetString(utf8);
        slot = (utf8.ToArray(), text);
        return text;
    }

    // FNV-style mixing of 8 bytes at a time: names are short, and only the slot index needs to spread.
    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = 14695981039346656037UL ^ (ulong)utf8.Length;
        while (utf8.Length >= 8)
        {
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8)) * 1099511628211UL;
            utf8 = utf8[8..];
        }

        foreach (var b in utf8)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return (int)(hash ^ (hash >> 29) ^ (hash >> 47));
    }
}
