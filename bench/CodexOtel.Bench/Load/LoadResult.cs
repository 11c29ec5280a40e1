namespace CodexOtel.Bench.Load;

/// <summary>What N clients achieved: totals over the whole run (warm-up included) and rates over the measured window.</summary>
internal sealed record LoadResult
{
    /// <summary>Acknowledged requests over the whole run, warm-up included: what the ledger must hold.</summary>
    public required long AckedRequests { get; init; }

    /// <summary>Records acknowledged over the whole run (acked requests × records, less partial-success rejections).</summary>
    public required long AckedRecords { get; init; }

    public required long RejectedRecords { get; init; }

    /// <summary>Requests answered 429/503/UNAVAILABLE (not acknowledged; the client backed off).</summary>
    public required long PushedBack { get; init; }

    public required long Errors { get; init; }

    public string? FirstError { get; init; }

    public required TimeSpan Window { get; init; }

    public required long WindowRequests { get; init; }

    public required long WindowRecords { get; init; }

    public required double P50Ms { get; init; }

    public required double P99Ms { get; init; }

    public required double MaxMs { get; init; }

    public double RecordsPerSecond => WindowRecords / Window.TotalSeconds;

    public double RequestsPerSecond => WindowRequests / Window.TotalSeconds;
}
