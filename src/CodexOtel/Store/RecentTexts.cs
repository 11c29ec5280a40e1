using System.IO.Hashing;
using System.Text;

namespace CodexOtel.Store;

/// <summary>
/// The strings a reader made lately for short values that records and rows repeat (a conversation id, an event name, a
/// model), found again by their UTF-8 bytes: events of one conversation then share one string instead of each
/// allocating its own, and comparisons of them further on (bindings, runs of one conversation) stop at the reference.
/// The ledger's line reader and the index's row reader each keep one.
/// Direct-mapped: a value that collides with another is made again, never mistaken for it. Not thread-safe.
/// </summary>
internal sealed class RecentTexts
{
    /// <summary>Longer values are not looked up: they are mostly unique, and comparing them costs what making them does.</summary>
    public const int MaxBytes = 64;

    private readonly Entry[] _entries = new Entry[1024];

    public string Of(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        ref var entry = ref _entries[XxHash3.HashToUInt64(utf8) & (ulong)(_entries.Length - 1)];
        if (entry.Text is { } text && utf8.SequenceEqual(entry.Utf8.AsSpan(0, entry.Length)))
        {
            return text;
        }

        entry.Utf8 ??= new byte[MaxBytes];
        utf8.CopyTo(entry.Utf8);
        entry.Length = utf8.Length;
        return entry.Text = Encoding.UTF8.GetString(utf8);
    }

    private struct Entry
    {
        public byte[]? Utf8;
        public int Length;
        public string? Text;
    }
}
