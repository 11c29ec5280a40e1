using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CodexOtel.Codex;
using CodexOtel.Store.Sqlite;

namespace CodexOtel.Indexing;

/// <summary>
/// Attribute keys read as UTF-8, each made into a string once per thread, with the normaliser's field for it and the
/// key as stored attribute JSON writes it: a ledger line holds the same few dozen keys thousands of times.
/// </summary>
internal sealed class AttributeKeys
{
    private const int Slots = 1024;
    private const int MaxEntries = Slots / 2;
    private const int MaxKeyBytes = 128;

    private readonly AttributeKey?[] _slots = new AttributeKey?[Slots];
    private int _entries;

    /// <summary>The key, the field it fills and its JSON; throws <see cref="DecoderFallbackException"/> on invalid UTF-8.</summary>
    public AttributeKey Get(ReadOnlySpan<byte> utf8)
    {
        var hash = HashOf(utf8);
        if (utf8.Length > MaxKeyBytes)
        {
            return Make(utf8, hash);
        }

        for (var slot = hash & (Slots - 1); ; slot = (slot + 1) & (Slots - 1))
        {
            ref var entry = ref _slots[slot];
            if (entry is null)
            {
                var made = Make(utf8, hash);
                if (_entries < MaxEntries)
                {
                    entry = made;
                    _entries++;
                }

                return made;
            }

            if (utf8.SequenceEqual(entry.Utf8))
            {
                return entry;
            }
        }
    }

    public static int HashOf(ReadOnlySpan<byte> utf8) => (int)XxHash3.HashToUInt64(utf8);

    private static AttributeKey Make(ReadOnlySpan<byte> utf8, int hash)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new DecoderFallbackException("an attribute key is not valid UTF-8");
        }

        var key = Encoding.UTF8.GetString(utf8);
        return new AttributeKey(key, utf8.ToArray(), RecordFields.FieldOf(key), JsonEncodedText.Encode(key, AttributeJson.WriterOptions.Encoder), AttributeJson.IsShapeConstant(key), hash);
    }
}

/// <summary>
/// An attribute key, as text and as UTF-8, the normaliser's field for it, the key as <see cref="AttributeJson"/>
/// writes it, and whether a shape holds its text (<see cref="AttributeJson.IsShapeConstant"/>). A class: the reader
/// copies attributes about, and one reference copies cheaper than four; and a shape knows its keys by reference.
/// <see cref="Hash"/> is of the UTF-8, made once: the reader's caches of key orders and shapes hash a record's keys,
/// which by their identity cost a look at the object header each (Native AOT), and compare them by reference.
/// </summary>
internal sealed record AttributeKey(string Name, byte[] Utf8, RecordField Field, JsonEncodedText Json, bool ShapeConstant, int Hash);
