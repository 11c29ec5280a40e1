using CodexOtel.Codex;
using CodexOtel.Ledger;
using CodexOtel.Otlp.Json;
using OpenTelemetry.Proto.Collector.Logs.V1;

namespace CodexOtel.Indexing;

/// <summary>What one OTLP-JSON logs line holds: how many records, and the Codex events among them.</summary>
public sealed record LineEvents(long Records, IReadOnlyList<CodexEvent> Events)
{
    /// <summary>
    /// The events of a logs line: read straight from the JSON (<see cref="JsonLogLineReader"/>), or, for a line that
    /// reader declines, decoded and normalised.
    /// </summary>
    /// <exception cref="OtlpJsonException">the line is not a valid OTLP-JSON logs request</exception>
    public static LineEvents Read(ReadOnlySpan<byte> line) =>
        JsonLogLineReader.TryRead(line) ?? Of(OtlpJsonDecoder.DecodeLogs(line));

    /// <summary>The events of a decoded request.</summary>
    public static LineEvents Of(ExportLogsServiceRequest request) =>
        new(RequestSplitter.CountRecords(request), [.. CodexNormaliser.FromLogs(request)]);
}
