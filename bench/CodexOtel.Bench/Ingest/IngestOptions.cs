using CodexOtel.Otlp;

namespace CodexOtel.Bench.Ingest;

/// <summary>What <c>ingest</c> runs: which server, how many clients, how long, which transports and signal.</summary>
internal sealed record IngestOptions
{
    public required string ServerExecutable { get; init; }

    /// <summary>codex-otel-sink, the decode-and-discard baseline (bench/CodexOtel.Sink).</summary>
    public required string SinkExecutable { get; init; }

    public int Clients { get; init; } = 8;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public IReadOnlyList<Transport> Transports { get; init; } = [Transport.Grpc, Transport.Http];

    public Signal Signal { get; init; } = Signal.Traces;

    /// <summary>Where temporary data folders go (the ledger's fsyncs should hit a real disk, not tmpfs).</summary>
    public string? WorkDir { get; init; }

    public bool Keep { get; init; }

    public bool SkipSink { get; init; }

    /// <summary>Unloaded starts of the recorder to measure readiness (median); 0 skips them.</summary>
    public int Starts { get; init; } = 5;

    /// <summary>Run the ledger inside the sink (<c>codex-otel-sink --ledger</c>) instead of the server, for GC totals.</summary>
    public bool LedgerInSink { get; init; }

    /// <summary>Extra environment for both servers (e.g. DOTNET_GCgen0size to try GC settings without a rebuild).</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>A config.toml for the recorder (e.g. <c>[ledger] compress = false</c>); none by default.</summary>
    public string? ServerConfig { get; init; }

    /// <summary>When set, <c>perf record</c> samples each server over the measured window; reports go here.</summary>
    public string? PerfDir { get; init; }

    /// <summary>The recorder runs of each transport: redaction on (its default), off (--no-redact), or both to compare.</summary>
    public IReadOnlyList<bool> Redaction { get; init; } = [true];
}

internal enum Transport
{
    Grpc,
    Http,
}
