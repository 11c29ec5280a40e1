namespace CodexOtel.Importing;

/// <summary>What an import did, for its closing line and <c>--json</c>.</summary>
internal sealed class ImportSummary
{
    /// <summary>How many problems are listed by name; the rest are only counted.</summary>
    public const int MaxProblems = 5;

    public int CollectorFiles { get; set; }

    public int RolloutFiles { get; set; }

    public int UnrecognisedFiles { get; set; }

    /// <summary>Collector lines written.</summary>
    public long Lines { get; set; }

    /// <summary>Records written (log records, spans, data points), rollout events included.</summary>
    public long Records { get; set; }

    /// <summary>Of <see cref="Records"/>, those made of rollout events.</summary>
    public long RolloutRecords { get; set; }

    /// <summary>Collector lines skipped because an earlier import (or this one) already wrote them.</summary>
    public long SkippedLines { get; set; }

    /// <summary>Rollout events skipped because they were imported before.</summary>
    public long SkippedRolloutEvents { get; set; }

    /// <summary>Rollout events skipped because the recorded telemetry of their conversation already tells them.</summary>
    public long SkippedRecorded { get; set; }

    /// <summary>Collector lines that are not OTLP-JSON export requests.</summary>
    public long InvalidLines { get; set; }

    /// <summary>A last line without its line end (a file still being written): left for the next import.</summary>
    public long IncompleteLines { get; set; }

    /// <summary>Records the ledger could not keep (each alone larger than a ledger line may be).</summary>
    public long RejectedRecords { get; set; }

    /// <summary>Conversations the index did not know before, that the import brought.</summary>
    public HashSet<string> NewConversations { get; } = new(StringComparer.Ordinal);

    /// <summary>The first few problems, each naming its file and line.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Whether the index has everything imported (false when serve was still indexing when we stopped waiting).</summary>
    public bool Indexed { get; set; }

    public int Files => CollectorFiles + RolloutFiles;

    public long Skipped => SkippedLines + SkippedRolloutEvents + SkippedRecorded;

    public void Problem(string text)
    {
        if (Problems.Count < MaxProblems)
        {
            Problems.Add(text);
        }
    }
}
