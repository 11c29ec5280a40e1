using CodexOtel.Ledger;

namespace CodexOtel.Importing;

/// <summary>A read-only stream that counts the bytes read from the file beneath (for progress: compressed bytes).</summary>
internal sealed class CountingStream(Stream inner) : ReadOnlyWrapperStream(inner)
{
    private long _read;

    /// <summary>Bytes read so far; safe to read from another thread.</summary>
    public long BytesRead => Volatile.Read(ref _read);

    public override long Length => Inner.Length;

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var read = Inner.Read(buffer);
        Volatile.Write(ref _read, _read + read);
        return read;
    }
}
