using System.Buffers;

namespace CodexOtel.Ledger;

/// <summary>An <see cref="IBufferWriter{T}"/> over one growing pooled array that can be cut back and handed on.</summary>
internal sealed class PooledBufferWriter(BufferPool pool, int initialCapacity, int maxCapacity = int.MaxValue) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = pool.Rent(initialCapacity);

    public BufferPool Pool => pool;

    public int Length { get; private set; }

    /// <summary>The bytes held, written or not: what this writer costs in memory.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The capacity that writing <paramref name="sizeHint"/> more bytes would grow to.</summary>
    public int CapacityFor(int sizeHint)
    {
        var needed = Length + Math.Max(sizeHint, 1);
        return needed <= _buffer.Length ? _buffer.Length : (int)Math.Max(needed, Math.Min(_buffer.Length * 2L, maxCapacity));
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    /// <summary>What was written, valid until the writer next grows or is disposed.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, Length);

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(Length);
    }

    public void Write(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    /// <summary>Forgets everything written after <paramref name="length"/>.</summary>
    public void Truncate(int length) => Length = length;

    /// <summary>Gives the rented array to the caller, who returns it to <see cref="Pool"/>; this writer is then empty.</summary>
    public byte[] Detach()
    {
        var buffer = _buffer;
        _buffer = [];
        Length = 0;
        return buffer;
    }

    public void Dispose()
    {
        pool.Return(_buffer);
        _buffer = [];
    }

    private void Ensure(int sizeHint)
    {
        var capacity = CapacityFor(sizeHint);
        if (capacity <= _buffer.Length)
        {
            return;
        }

        var bigger = pool.Rent(capacity);
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        pool.Return(_buffer);
        _buffer = bigger;
    }
}
