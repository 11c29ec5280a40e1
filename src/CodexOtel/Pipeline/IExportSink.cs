using CodexOtel.Otlp;
using Google.Protobuf;

namespace CodexOtel.Pipeline;

/// <summary>Where receivers hand a decoded export request. Completes once the data is safe to acknowledge.</summary>
public interface IExportSink
{
    /// <exception cref="ExportRefusedException">nothing was kept; the client should retry later</exception>
    ValueTask<ExportOutcome> ExportAsync(Signal signal, IMessage request, CancellationToken cancellationToken);
}

/// <summary>What was kept of an accepted request: records dropped and why, for OTLP partial success.</summary>
public readonly record struct ExportOutcome(long RejectedRecords, string? Message)
{
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
