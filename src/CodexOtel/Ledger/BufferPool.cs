using System.Buffers;

namespace CodexOtel.Ledger;

/// <summary>
/// Where the hot path's byte buffers come from. Arrays up to <c>largestPooled</c> are reused; larger ones are plain
/// allocations, so that a burst of huge requests does not leave a pool holding their memory.
/// </summary>
public sealed class BufferPool(ArrayPool<byte> pool, int largestPooled)
{
    /// <summary>Request bodies: small ones reused, the rare multi-megabyte one left to the GC.</summary>
    public static readonly BufferPool Requests = new(ArrayPool<byte>.Shared, 1 << 20);

    /// <summary>Encoded ledger lines (a typical Codex batch is 0.1–1 MiB of JSON): a bounded pool of its own.</summary>
    public static readonly BufferPool Lines = new(ArrayPool<byte>.Create(8 << 20, 16), 8 << 20);

    public byte[] Rent(int capacity) =>
        capacity <= largestPooled ? pool.Rent(capacity) : GC.AllocateUninitializedArray<byte>(capacity);

    public void Return(byte[] buffer)
    {
        if (buffer.Length is > 0 && buffer.Length <= largestPooled)
        {
            pool.Return(buffer);
        }
    }
}
