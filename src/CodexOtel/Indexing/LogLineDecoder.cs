using CodexOtel.Codex;
using CodexOtel.Ledger;
using CodexOtel.Otlp.Json;

namespace CodexOtel.Indexing;

/// <summary>
/// Ledger lines of the logs stream into Codex events, on all cores, in ledger order. A line that came with the events
/// the writer following along already read (claimed by <see cref="WriterProgress.Take"/>) is not read again.
/// </summary>
internal sealed class LogLineDecoder(ILogger log)
{
    /// <summary>The events of the lines; <c>claims[i]</c>, when given and not null, holds line i's events already.</summary>
    public List<CodexEvent> Decode(IReadOnlyList<LedgerLine> lines, IReadOnlyList<LineEvents?>? claims, CancellationToken cancellationToken)
    {
        var perLine = new IReadOnlyList<CodexEvent>[lines.Count];
        Parallel.For(
            0,
            lines.Count,
            new ParallelOptions { CancellationToken = cancellationToken },
            i => perLine[i] = claims?[i] is { } events ? events.Events : ReadLine(lines[i]));

        var events = new List<CodexEvent>(perLine.Sum(l => l.Count));
        foreach (var line in perLine)
        {
            events.AddRange(line);
        }

        return events;
    }

    private IReadOnlyList<CodexEvent> ReadLine(LedgerLine line)
    {
        try
        {
            return LineEvents.Read(line.Bytes).Events;
        }
        catch (OtlpJsonException e)
        {
            // Cannot happen for lines the recorder wrote; skip rather than stop indexing for good.
            log.LogWarning("skipping a ledger line before {Checkpoint} that does not decode: {Reason}", line.After, e.Message);
            return [];
        }
    }
}
