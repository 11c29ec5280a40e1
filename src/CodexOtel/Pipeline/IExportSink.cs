using CodexOtel.Otlp;
using Google.Protobuf;

namespace CodexOtel.Pipeline;

/// <summary>
/// Where receivers hand an export request, with who sent it (null for what the recorder writes itself). Completes once
/// the data is safe to acknowledge.
/// </summary>
public interface IExportSink
{
    /// <summary>A decoded request whose ids have been checked (OTLP-JSON arrives this way); the sink may change it.</summary>
    /// <exception cref="ExportRefusedException">nothing was kept; the client should retry later</exception>
    ValueTask<ExportOutcome> ExportAsync(Signal signal, IMessage request, ExportSender? sender, CancellationToken cancellationToken);

    /// <summary>
    /// A protobuf request as it came off the wire. The bytes are read before this returns, so they need not outlive
    /// the call. Unless a sink can do better, it decodes them and takes the decoded request.
    /// </summary>
    /// <exception cref="InvalidExportRequestException">the bytes are not a valid request</exception>
    /// <exception cref="ExportTooLargeException">the bytes hold more values than <see cref="ExportLimits.MaxValues"/></exception>
    /// <exception cref="ExportRefusedException">nothing was kept; the client should retry later</exception>
    ValueTask<ExportOutcome> ExportProtobufAsync(Signal signal, ReadOnlySpan<byte> request, ExportSender? sender, CancellationToken cancellationToken) =>
        ExportAsync(signal, ExportRequests.DecodeProtobuf(signal, request), sender, cancellationToken);
}

/// <summary>What was kept of an accepted request: records dropped and why, for OTLP partial success.</summary>
public readonly record struct ExportOutcome(long RejectedRecords, string? Message)
{
    /// <summary>Records kept (for the recorder's own metrics); 0 when the sink does not count them.</summary>
    public long AcceptedRecords { get; init; }

    public static ExportOutcome Accepted => default;
}

/// <summary>Why a request was refused as a whole.</summary>
public enum RefusalKind
{
    /// <summary>Too much is in flight: HTTP 429, gRPC UNAVAILABLE.</summary>
    Overloaded,

    /// <summary>The ledger cannot write (disk full, I/O error): HTTP 503, gRPC UNAVAILABLE.</summary>
    Unavailable,
}

/// <summary>The request was not kept and may be retried after <see cref="RetryAfter"/>.</summary>
public sealed class ExportRefusedException(RefusalKind kind, string message, TimeSpan retryAfter) : Exception(message)
{
    public RefusalKind Kind { get; } = kind;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
