using CodexOtel.Otlp;
using Google.Protobuf;

namespace CodexOtel.Pipeline;

/// <summary>
/// A stage between the receivers (and <c>import</c>) and the ledger, as the OpenTelemetry Collector's processors are:
/// it is handed each export request, decoded, before the request is written (<see cref="ExportPipeline"/>).
/// </summary>
/// <remarks>
/// The contract:
/// <list type="bullet">
/// <item>Each request passes each processor once, in the pipeline's order, after its limits and ids were checked.
/// Requests are processed on many threads at once (one per request): a processor must be thread-safe.</item>
/// <item>A processor that <see cref="MutatesData"/> changes the request in place (rewrites values, adds or removes
/// attributes or records); the ledger holds what the processors leave, encoded afresh.</item>
/// <item>One that does not (an observer) must leave the request as it is: the pipeline then writes the request's bytes
/// as it would with no processor (OTLP/protobuf transcoded from the wire, a collector line as it was read), so a
/// change it made anyway would not be written.</item>
/// <item>A processor costs a decode, unless it <see cref="Passes"/> the request by its bytes: only when every
/// processor does (or there is none) does OTLP/protobuf go from its bytes to its ledger line, and a collector line to
/// the ledger, without becoming a request object.</item>
/// <item>A processor should not throw: an exception fails the request (a receiver answers it as a server error, an
/// import stops).</item>
/// </list>
/// </remarks>
public interface IExportProcessor
{
    /// <summary>Whether <see cref="Process"/> changes requests (the collector's <c>consumer.Capabilities.MutatesData</c>).</summary>
    bool MutatesData { get; }

    /// <summary>Sees, and if it <see cref="MutatesData"/>, changes, one export request of <paramref name="signal"/>.</summary>
    void Process(Signal signal, IMessage request);

    /// <summary>
    /// Whether the processor can tell from an encoded request (OTLP/protobuf, or compact OTLP-JSON when
    /// <paramref name="json"/>) that it would neither change it nor need to see it: then, if every processor says so,
    /// the request is not decoded for them and goes to the ledger as it came. Must never say so of a request it would
    /// change. Cheap (a scan of the bytes), or it costs what it saves.
    /// </summary>
    bool Passes(ReadOnlySpan<byte> encoded, bool json) => false;
}
