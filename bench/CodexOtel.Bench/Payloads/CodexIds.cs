using Google.Protobuf;

namespace CodexOtel.Bench.Payloads;

/// <summary>Ids as Codex makes them: random 16-byte trace ids, 8-byte span ids, UUIDv7-looking conversation and turn ids.</summary>
internal sealed class CodexIds(int seed)
{
    private readonly Random _random = new(seed);

    public ByteString TraceId() => Bytes(16);

    public ByteString SpanId() => Bytes(8);

    /// <summary>e.g. 01a209eb-e81a-7c02-94cd-d0dc1b85480e</summary>
    public string Uuid7()
    {
        Span<byte> b = stackalloc byte[16];
        _random.NextBytes(b);
        b[0] = 0x01;
        b[1] = 0xa2;
        b[6] = (byte)(0x70 | (b[6] & 0x0f));
        b[8] = (byte)(0x80 | (b[8] & 0x3f));
        var hex = Convert.ToHexStringLower(b);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    public int Next(int min, int max) => _random.Next(min, max);

    public long NextLong(long min, long max) => _random.NextInt64(min, max);

    public double NextDouble() => _random.NextDouble();

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private ByteString Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }
}
