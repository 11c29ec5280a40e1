using System.Buffers.Binary;

namespace CodexOtel.Receivers;

/// <summary>
/// Passes a gzip body through while keeping its last four bytes: the ISIZE trailer (uncompressed length mod 2^32).
/// .NET's GZipStream ends quietly on a truncated stream, so comparing ISIZE with what came out is how truncation
/// is told from a complete body.
/// </summary>
internal sealed class GzipTrailerCapture(Stream inner) : Stream
{
    private readonly byte[] _tail = new byte[4];
    private long _total;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _total;
        set => throw new NotSupportedException();
    }

    public bool SizeMatches(long decompressedLength) =>
        _total >= 18 && BinaryPrimitives.ReadUInt32LittleEndian(_tail) == (uint)decompressedLength;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Remember(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Remember(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Remember(ReadOnlySpan<byte> chunk)
    {
        _total += chunk.Length;
        if (chunk.Length >= 4)
        {
            chunk[^4..].CopyTo(_tail);
            return;
        }

        // Shift the kept tail left by the chunk's length and append it.
        _tail.AsSpan(chunk.Length).CopyTo(_tail);
        chunk.CopyTo(_tail.AsSpan(4 - chunk.Length));
    }
}
