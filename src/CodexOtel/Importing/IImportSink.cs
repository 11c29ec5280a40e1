using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Pipeline;
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

    /// <summary>
    /// Whether a collector line is written to the ledger as it was read (else it is re-encoded, e.g. because a
    /// processor changed it, redacting a secret): only then may what was decoded of the line go to the index.
    /// Asked after <see cref="LedgerLines"/>.
    /// </summary>
    bool WritesAsRead(ImportRequest request);

    /// <summary>
    /// The <see cref="LineHash"/> of each ledger line the request will be written as (<paramref name="lineHash"/>: the
    /// collector line's own), worked out before it is sent: the manifest keeps them while the request is in flight, so
    /// that the next import finds in the ledger what a crash kept this one from recording (<see cref="InFlightLines"/>).
    /// A sink whose pipeline has processors runs them here, so that the lines worked out are the lines it writes.
    /// </summary>
    IReadOnlyList<UInt128> LedgerLines(Signal signal, ImportRequest request, UInt128 lineHash);

    /// <summary>Writes the requests in order; completes once they are durable. Returns the records refused (e.g. over 1 MiB).</summary>
    Task<long> SendAsync(Signal signal, IReadOnlyList<ImportRequest> requests, CancellationToken cancellationToken);
}

/// <summary>
/// An export request to import: one made of rollout events, or a collector line (checked to decode), which a line
/// short enough for the ledger is written as, byte for byte. A line's request is decoded only when a sink needs it.
/// </summary>
internal sealed class ImportRequest
{
    private readonly Signal _signal;
    private IMessage? _request;
    private byte[]? _protobuf;

    public ImportRequest(IMessage request)
    {
        _request = request;
    }

    public ImportRequest(Signal signal, ReadOnlyMemory<byte> line, IMessage? decoded = null)
    {
        _signal = signal;
        Line = line;
        _request = decoded;
    }

    /// <summary>The collector line; null for rollout records.</summary>
    public ReadOnlyMemory<byte>? Line { get; }

    public IMessage Request => _request ??= OtlpJsonDecoder.Decode(_signal, Line!.Value.Span);

    /// <summary>The request's protobuf bytes, made once.</summary>
    public byte[] Protobuf => _protobuf ??= Request.ToByteArray();

    /// <summary>What the local pipeline made of it when its ledger lines were worked out (its processors run once).</summary>
    public PreparedExport? Prepared { get; set; }
}
