using CodexOtel.Codex;
using CodexOtel.Ledger;
using CodexOtel.Otlp.Json;

namespace CodexOtel.Indexing;

/// <summary>
/// Ledger lines of the logs stream into Codex events, on all cores, in ledger order. A line that the writer following
/// along already read (<see cref="WriterProgress"/>) is not read again.
/// </summary>
internal sealed class LogLineDecoder(ILogger log)
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
            var events = writer?.Take(line.Bytes) ?? LineEvents.Read(line.Bytes);
            return [.. events.Events];
        }
        catch (OtlpJsonException e)
        {
            // Cannot happen for lines the recorder wrote; skip rather than stop indexing for good.
            log.LogWarning("skipping a ledger line before {Checkpoint} that does not decode: {Reason}", line.After, e.Message);
            return [];
        }
    }
}
