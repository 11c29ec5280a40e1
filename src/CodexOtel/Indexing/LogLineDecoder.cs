using CodexOtel.Codex;
using CodexOtel.Ledger;
using CodexOtel.Otlp.Json;
using OpenTelemetry.Proto.Collector.Logs.V1;

namespace CodexOtel.Indexing;

/// <summary>
/// Ledger lines of the logs stream into Codex events, on all cores, in ledger order. A line that the writer following
/// along already decoded (<see cref="WriterProgress"/>) is not decoded again.
/// </summary>
internal sealed class LogLineDecoder(Func<ExportLogsServiceRequest, IEnumerable<CodexEvent>> normalise, ILogger log)
{
    public List<CodexEvent> Decode(IReadOnlyList<LedgerLine> lines, WriterProgress? writer, CancellationToken cancellationToken)
    {
        var perLine = new List<CodexEvent>[lines.Count];
        Parallel.For(
            0,
            lines.Count,
            new ParallelOptions { CancellationToken = cancellationToken },
            i => perLine[i] = DecodeLine(lines[i], writer));

        var events = new List<CodexEvent>(perLine.Sum(l => l.Count));
        foreach (var line in perLine)
        {
            events.AddRange(line);
        }

        return events;
    }

    private List<CodexEvent> DecodeLine(LedgerLine line, WriterProgress? writer)
    {
        try
        {
            var request = writer?.Take(line.Bytes) ?? OtlpJsonDecoder.DecodeLogs(line.Bytes);
            return [.. normalise(request).Where(e => !string.IsNullOrEmpty(e.ConversationId))];
        }
        catch (OtlpJsonException e)
        {
            // Cannot happen for lines the recorder wrote; skip rather than stop indexing for good.
            log.LogWarning("skipping a ledger line before {Checkpoint} that does not decode: {Reason}", line.After, e.Message);
            return [];
        }
    }
}
