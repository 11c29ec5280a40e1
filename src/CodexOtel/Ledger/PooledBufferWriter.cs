using System.Buffers;

namespace CodexOtel.Ledger;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over one growing array that can be cut back and handed on. Arrays up to
/// <see cref="LargestPooled"/> come from the shared pool; larger ones are plain allocations, so a burst of huge
/// requests does not leave the pool holding their memory.
/// </summary>
internal sealed class PooledBufferWriter(int initialCapacity, int maxCapacity = int.MaxValue) : IBufferWriter<byte>, IDisposable
{
    public const int LargestPooled = 1 << 20;

    private byte[] _buffer = Rent(initialCapacity);

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

    /// <summary>Gives the rented array to the caller, who returns it to the pool; this writer is then empty.</summary>
    public byte[] Detach()
    {
        var buffer = _buffer;
        _buffer = [];
        Length = 0;
        return buffer;
    }

    public void Dispose()
    {
        Return(_buffer);
        _buffer = [];
    }

    private void Ensure(int sizeHint)
    {
        var capacity = CapacityFor(sizeHint);
        if (capacity <= _buffer.Length)
        {
            return;
        }

        var bigger = Rent(capacity);
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        Return(_buffer);
        _buffer = bigger;
    }

    /// <summary>Gives back an array this writer handed out with <see cref="Detach"/>.</summary>
    public static void Return(byte[] buffer)
    {
        if (buffer.Length is > 0 and <= LargestPooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Rent(int capacity) =>
        capacity <= LargestPooled ? ArrayPool<byte>.Shared.Rent(capacity) : GC.AllocateUninitializedArray<byte>(capacity);
}
