using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using Google.Protobuf;

namespace CodexOtel.Pipeline;

/// <summary>
/// The one way into the ledger, for serve's receivers and for <c>import</c> alike: the processors in order (see
/// <see cref="IExportProcessor"/> for their contract), then the ledger. With no processor, or when every processor
/// passes a request by its bytes, nothing is decoded that did not need to be: OTLP/protobuf is transcoded from its
/// bytes and a collector line is appended as it was read.
/// </summary>
public sealed class ExportPipeline : IExportSink
{
    private readonly IExportProcessor[] _processors;
    private readonly LedgerSink _ledger;
    private long _decodedForProcessors;

    public ExportPipeline(IEnumerable<IExportProcessor> processors, LedgerSink ledger)
    {
        _processors = [.. processors];
        _ledger = ledger;
        MutatesData = _processors.Any(p => p.MutatesData);
    }

    /// <summary>Whether a processor changes requests: then the ledger holds what it decoded encoded afresh, never as it came.</summary>
    public bool MutatesData { get; }

    /// <summary>
    /// Requests that came as bytes (a protobuf body, a collector line) and were decoded for the processors; with no
    /// processor, or for requests every processor passes, this stays 0 (the protobuf fast path, verbatim lines).
    /// </summary>
    public long DecodedForProcessors => Interlocked.Read(ref _decodedForProcessors);

    // The processors see what the client sent; the sender's stamp is the ledger stage's to write, after them.
    public ValueTask<ExportOutcome> ExportAsync(Signal signal, IMessage request, ExportSender? sender, CancellationToken cancellationToken)
    {
        Process(signal, request);
        return _ledger.ExportAsync(signal, request, sender, cancellationToken);
    }

    public ValueTask<ExportOutcome> ExportProtobufAsync(Signal signal, ReadOnlySpan<byte> request, ExportSender? sender, CancellationToken cancellationToken)
    {
        if (AllPass(request, json: false))
        {
            return _ledger.ExportProtobufAsync(signal, request, sender, cancellationToken);
        }

        // Decoded objects live until the lines are encoded, which the ledger stage does before it returns.
        using (DecodeBudget.Shared.Admit(ExportLimits.CheckProtobuf(signal, request)))
        {
            var decoded = ExportRequests.DecodeProtobuf(signal, request, limitsChecked: true);
            Interlocked.Increment(ref _decodedForProcessors);
            Process(signal, decoded);

            // Observers leave the request as it came: it is written from its bytes, as with no processor.
            return MutatesData
                ? _ledger.ExportAsync(signal, decoded, sender, cancellationToken)
                : _ledger.ExportProtobufAsync(signal, request, decoded, sender, cancellationToken);
        }
    }

    /// <summary>
    /// Runs the processors over a collector line (compact OTLP-JSON, as the ledger holds; <paramref name="decoded"/>
    /// gives its request, called only if a processor is to see it) and returns what the ledger is to hold of it.
    /// </summary>
    /// <exception cref="OtlpJsonException">the line is not a valid request (the caller checked it already)</exception>
    public PreparedExport PrepareLine(Signal signal, ReadOnlyMemory<byte> line, Func<IMessage>? decoded = null)
    {
        var fits = line.Length < _ledger.MaxLineBytes;
        var passes = AllPass(line.Span, json: true);
        if (passes && fits)
        {
            return PreparedExport.AsRead(line);
        }

        var request = decoded?.Invoke() ?? OtlpJsonDecoder.Decode(signal, line.Span);
        if (passes)
        {
            // Too long for one ledger line: split, as with no processor.
            return Encode(signal, request);
        }

        Interlocked.Increment(ref _decodedForProcessors);
        return fits && !MutatesData ? Observe(signal, request, line) : Prepare(signal, request);
    }

    /// <summary>Runs the processors over a request and encodes what they leave, for <see cref="AppendAllAsync"/>.</summary>
    public PreparedExport Prepare(Signal signal, IMessage request)
    {
        Process(signal, request);
        return Encode(signal, request);
    }

    /// <summary>Appends prepared requests in order, sharing group commits (<see cref="LedgerSink.AppendAllAsync"/>).</summary>
    public Task<long> AppendAllAsync(Signal signal, IReadOnlyList<PreparedExport> requests) => _ledger.AppendAllAsync(signal, requests);

    private PreparedExport Observe(Signal signal, IMessage request, ReadOnlyMemory<byte> line)
    {
        Process(signal, request);
        return PreparedExport.AsRead(line);
    }

    private PreparedExport Encode(Signal signal, IMessage request) =>
        RequestSplitter.CountRecords(request) == 0 ? PreparedExport.Nothing : PreparedExport.Lines(_ledger.Encode(signal, request));

    // True with no processor: then nothing needs the request decoded.
    private bool AllPass(ReadOnlySpan<byte> encoded, bool json)
    {
        foreach (var processor in _processors)
        {
            if (!processor.Passes(encoded, json))
            {
                return false;
            }
        }

        return true;
    }

    private void Process(Signal signal, IMessage request)
    {
        foreach (var processor in _processors)
        {
            processor.Process(signal, request);
        }
    }
}
