namespace CodexOtel.Receivers;

/// <summary>Limits that keep the recorder's memory bounded whatever clients send.</summary>
public sealed record ReceiverOptions
{
    /// <summary>The largest request, after decompression (as the collector's default).</summary>
    public int MaxRequestBytes { get; init; } = 20 << 20;

    /// <summary>
    /// Request bytes held at once across all HTTP requests; past it clients get 429. A request holds memory for the
    /// bytes that have arrived (at most twice them, plus a first read of 16 KiB), not for the length it declares.
    /// </summary>
    public long MaxInFlightBytes { get; init; } = 64L << 20;

    /// <summary>gRPC exports processed at once; gRPC buffers a whole message before we see it.</summary>
    public int MaxConcurrentGrpcExports { get; init; } = 16;

    /// <summary>Open connections across both ports; past it a new one replaces the longest idle (see ConnectionCap).</summary>
    public int MaxConnections { get; init; } = 1024;
}
