namespace CodexOtel.Bench.Ingest;

/// <summary>How to start one server under test: the real recorder, or the discard sink.</summary>
internal sealed record ServerLaunch(string Label, string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    public static ServerLaunch Recorder(string executable, string dataDir, int grpcPort, int httpPort, bool redact = true) => new(
        redact ? "codex-otel (ledger)" : "codex-otel (ledger, --no-redact)",
        executable,
        // The dashboard off: its fixed default port may be taken, and ingest is measured without it.
        ["serve", "--data", dataDir, "--grpc", $"127.0.0.1:{grpcPort}", "--http", $"127.0.0.1:{httpPort}", "--ui", "off", .. (string[])(redact ? [] : ["--no-redact"])],
        new Dictionary<string, string>());

    /// <summary>
    /// <c>codex-otel-sink</c>: the recorder's receivers in front of a sink that decodes and drops each request, built
    /// and published as the recorder is (same runtime settings, Recorder.Runtime.props; same compilation).
    /// </summary>
    public static ServerLaunch DiscardSink(string sinkExecutable, string dataDir, int grpcPort, int httpPort) =>
        Sink("discard sink", sinkExecutable, dataDir, grpcPort, httpPort, []);

    /// <summary>The real ledger, hosted by <c>codex-otel-sink --ledger</c>: same code, and it reports GC totals.</summary>
    public static ServerLaunch LedgerInSink(string sinkExecutable, string dataDir, int grpcPort, int httpPort) =>
        Sink("ledger hosted in the sink", sinkExecutable, dataDir, grpcPort, httpPort, ["--ledger"]);

    private static ServerLaunch Sink(string label, string sinkExecutable, string dataDir, int grpcPort, int httpPort, string[] extra) => new(
        label,
        sinkExecutable,
        ["--data", dataDir, "--grpc", $"127.0.0.1:{grpcPort}", "--http", $"127.0.0.1:{httpPort}", .. extra],
        new Dictionary<string, string>());
}
