using CodexOtel.Otlp;
using Google.Protobuf;

namespace CodexOtel.Importing;

/// <summary>
/// Where imported export requests go: the ledger, written by this process when no recorder runs on the data folder,
/// or the running <c>serve</c>'s OTLP/HTTP endpoint (a data folder has one writer).
/// </summary>
internal interface IImportSink : IAsyncDisposable
{
    /// <summary>For messages: "the ledger" or "serve (pid 123 on 127.0.0.1:4318)".</summary>
    string Description { get; }

    /// <summary>Whether a recorder (serve) indexes what is written, rather than this process.</summary>
    bool IndexedByServe { get; }

    /// <summary>Whether a collector line of this length is written to the ledger as it was read (else it is re-encoded).</summary>
    bool WritesVerbatim(int lineLength);

    /// <summary>Writes the requests in order; completes once they are durable. Returns the records refused (e.g. over 1 MiB).</summary>
    Task<long> SendAsync(Signal signal, IReadOnlyList<ImportRequest> requests, CancellationToken cancellationToken);
}

/// <summary>
/// An export request to import, with the collector line it was decoded from (null for rollout records): a valid line
/// short enough for the ledger is kept byte for byte.
/// </summary>
internal readonly record struct ImportRequest(IMessage Request, byte[]? Line = null);
