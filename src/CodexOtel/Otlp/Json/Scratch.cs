using System.Numerics;

namespace CodexOtel.Otlp.Json;

/// <summary>
/// Per-thread scratch buffers for the encoder's hot path: unlike stackalloc they are not zeroed on every call,
/// and unlike ArrayPool they cost no locking. A slot's owner must not re-enter itself while using the buffer.
/// </summary>
internal static class Scratch
{
    private const int MinimumSize = 4096;
    private const int MaximumKeptSize = 1 << 20;

    /// <summary>The slot's buffer, replaced by a larger one when it holds fewer than <paramref name="size"/> bytes.</summary>
    public static byte[] Get(ref byte[]? slot, int size)
    {
        var buffer = slot;
        if (buffer is not null && buffer.Length >= size)
        {
            return buffer;
        }

        buffer = new byte[Math.Max(MinimumSize, (int)BitOperations.RoundUpToPowerOf2((uint)size))];

        // A one-off huge value is not worth keeping alive for the thread's lifetime.
        if (buffer.Length <= MaximumKeptSize)
        {
            slot = buffer;
        }

        return buffer;
    }
}
