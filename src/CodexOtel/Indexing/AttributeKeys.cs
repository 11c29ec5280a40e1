using System.Text;
using System.Text.Unicode;
using CodexOtel.Codex;

namespace CodexOtel.Indexing;

/// <summary>
/// Attribute keys read as UTF-8, each made into a string once per thread, with the normaliser's field for it: a
/// ledger line holds the same few dozen keys thousands of times.
/// </summary>
internal sealed class AttributeKeys
{
    private const int Slots = 1024;
    private const int MaxEntries = Slots / 2;
    private const int MaxKeyBytes = 128;

    private readonly Entry[] _slots = new Entry[Slots];
    private int _entries;

    /// <summary>The key, and the field it fills; throws <see cref="DecoderFallbackException"/> on invalid UTF-8.</summary>
    public (string Key, RecordField Field) Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxKeyBytes)
        {
            return Make(utf8);
        }

        var hash = Fnv1a(utf8);
        for (var slot = hash & (Slots - 1); ; slot = (slot + 1) & (Slots - 1))
        {
            ref var entry = ref _slots[slot];
            if (entry.Utf8 is null)
            {
                var made = Make(utf8);
                if (_entries < MaxEntries)
                {
                    entry = new Entry(utf8.ToArray(), made.Key, made.Field);
                    _entries++;
                }

                return made;
            }

            if (utf8.SequenceEqual(entry.Utf8))
            {
                return (entry.Key, entry.Field);
            }
        }
    }

    private static (string Key, RecordField Field) Make(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new DecoderFallbackException("an attribute key is not valid UTF-8");
        }

        var key = Encoding.UTF8.GetString(utf8);
        return (key, RecordFields.FieldOf(key));
    }

    private static int Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash ^ (hash >> 15));
    }

    private readonly record struct Entry(byte[]? Utf8, string Key, RecordField Field);
}
