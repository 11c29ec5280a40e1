namespace CodexOtel.Bench.Load;

/// <summary>One client's connection to the receiver, sending pre-serialized export requests.</summary>
internal interface IExportClient : IDisposable
{
    Task<ExportAttempt> SendAsync(byte[] request, CancellationToken cancellationToken);
}

/// <summary>How one export went.</summary>
/// <param name="Acked">the server answered success: the request is durable (ledger) or dropped (discard sink)</param>
/// <param name="RejectedRecords">records refused within an acknowledged request (OTLP partial success)</param>
/// <param name="RetryAfter">set when the server pushed back (HTTP 429/503, gRPC UNAVAILABLE)</param>
/// <param name="Error">any other failure</param>
internal readonly record struct ExportAttempt(bool Acked, long RejectedRecords, TimeSpan? RetryAfter, string? Error)
{
    public static ExportAttempt Ok(long rejected) => new(true, rejected, null, null);

    public static ExportAttempt PushedBack(TimeSpan retryAfter) => new(false, 0, retryAfter, null);

    public static ExportAttempt Failed(string error) => new(false, 0, null, error);
}
