namespace CodexOtel.Pipeline;

/// <summary>
/// The values (<see cref="Otlp.ExportLimits"/>'s count: records, attributes, …) of the large requests being decoded
/// into message objects at once, across all clients. One request within the limits costs at most ~130 MB decoded;
/// without a shared bound, a few of them at once add up (four: ~550 MB). Past the budget a request is refused as
/// overloaded (HTTP 429, gRPC UNAVAILABLE, both with a retry time) before it is decoded, and the client retries; the
/// first request is always let in, so any request within the limits can be kept.
/// </summary>
public sealed class DecodeBudget(long capacity)
{
    /// <summary>
    /// Room for two large collector batches at once (8192 records of 40 attributes: ~660,000 values each), or one of
    /// the largest requests the limits allow with a smaller one: about 200 MB of decoded objects at most.
    /// </summary>
    public const long DefaultCapacity = 3L * Otlp.ExportLimits.MaxValues / 2;

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private long _used;

    /// <summary>The budget serve's receivers share.</summary>
    public static DecodeBudget Shared { get; } = new(DefaultCapacity);

    /// <summary>Values held by requests being decoded now.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>Holds <paramref name="values"/> until the lease is disposed; 0 (a request too small to count) holds nothing.</summary>
    /// <exception cref="ExportRefusedException">other large requests are being decoded: retry later</exception>
    public Lease Admit(long values)
    {
        if (values <= 0)
        {
            return default;
        }

        while (true)
        {
            var used = Interlocked.Read(ref _used);
            if (used > 0 && used + values > capacity)
            {
                throw new ExportRefusedException(RefusalKind.Overloaded, "the recorder is decoding other large requests; retry later", RetryAfter);
            }

            if (Interlocked.CompareExchange(ref _used, used + values, used) == used)
            {
                return new Lease(this, values);
            }
        }
    }

    /// <summary>Values held for one request's decoding; give them back once its ledger lines are encoded.</summary>
    public readonly struct Lease(DecodeBudget? budget, long values) : IDisposable
    {
        public void Dispose() => budget?.Release(values);
    }

    private void Release(long values) => Interlocked.Add(ref _used, -values);
}
