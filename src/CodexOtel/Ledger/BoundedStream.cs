namespace CodexOtel.Ledger;

/// <summary>A read-only view of the first <c>length</c> bytes of a stream (the durable part of a growing file).</summary>
internal sealed class BoundedStream(Stream inner, long length) : ReadOnlyWrapperStream(inner)
{
    private long _position;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var left = length - _position;
        if (left <= 0)
        {
            return 0;
        }

        var read = Inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
        _position += read;
        return read;
    }
}
