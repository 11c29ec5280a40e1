namespace CodexOtel.Codex;

/// <summary>
/// The bytes a key hashes, one part after another in one reused array: a record's key is a few dozen small writes,
/// and an ArrayBufferWriter's checks on each were a sizeable part of making it.
/// </summary>
internal sealed class KeyBuffer
{
    private byte[] _bytes = new byte[4096];
    private int _length;

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    public int Capacity => _bytes.Length;

    public void Reset() => _length = 0;

    /// <summary>The next <paramref name="count"/> bytes, counted as written: the caller fills them.</summary>
    public Span<byte> Take(int count)
    {
        var span = Free(count)[..count];
        _length += count;
        return span;
    }

    /// <summary>At least <paramref name="count"/> bytes after what is written, for a write whose length is known after it (then <see cref="Take"/> it).</summary>
    public Span<byte> Free(int count)
    {
        if (_bytes.Length - _length < count)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + count));
        }

        return _bytes.AsSpan(_length);
    }
}
