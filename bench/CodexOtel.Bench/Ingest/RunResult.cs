using CodexOtel.Bench.Load;

namespace CodexOtel.Bench.Ingest;

/// <summary>One server under one transport: readiness, throughput, latency, memory, CPU, and the ledger check.</summary>
internal sealed record RunResult
{
    public required Transport Transport { get; init; }

    public required string Server { get; init; }

    public required bool IsLedger { get; init; }

    /// <summary>A recorder run with redaction on (its default); false for --no-redact and the sink.</summary>
    public bool Redacted { get; init; }

    /// <summary>Spawn → both ports accept a TCP connection.</summary>
    public required TimeSpan Ready { get; init; }

    /// <summary>Spawn → the first export request (512 records) acknowledged.</summary>
    public required TimeSpan FirstAck { get; init; }

    public required LoadResult Load { get; init; }

    /// <summary>VmHWM: the kernel's high-water mark of the server's resident memory over its whole life.</summary>
    public required long PeakRss { get; init; }

    /// <summary>Average cores the server used over the measured window.</summary>
    public required double ServerCores { get; init; }

    /// <summary>Average cores this load generator used over the measured window.</summary>
    public required double ClientCores { get; init; }

    /// <summary>Server CPU time per acknowledged record: robust to other load on the machine, unlike the rate.</summary>
    public double ServerMicrosecondsPerRecord => Load.RecordsPerSecond > 0 ? ServerCores / Load.RecordsPerSecond * 1e6 : double.NaN;

    /// <summary>The machine's 1-minute load average at the end of the window (others' work competes for the 2 cores).</summary>
    public double LoadAverage { get; init; }

    public int? ExitCode { get; init; }

    public LedgerRecordCount.Tally? Ledger { get; init; }

    /// <summary>Records the ledger must hold: every acknowledged record, the readiness probe's included.</summary>
    public long ExpectedRecords { get; init; }

    public bool LedgerMatches => Ledger is null || Ledger.Records == ExpectedRecords;
}
