namespace CodexOtel.Otlp;

/// <summary>The three OTLP signals; each has its own ledger stream.</summary>
public enum Signal
{
    Logs,
    Traces,
    Metrics,
}

/// <summary>Names a signal carries on disk and on the wire.</summary>
public static class SignalNames
{
    public static readonly Signal[] All = [Signal.Logs, Signal.Traces, Signal.Metrics];

    /// <summary>The stem of the ledger files, as the collector's file exporter names them: otel-{stem}.jsonl.</summary>
    public static string FileStem(this Signal signal) => signal switch
    {
        Signal.Logs => "logs",
        Signal.Traces => "traces",
        Signal.Metrics => "metrics",
        _ => throw new ArgumentOutOfRangeException(nameof(signal)),
    };

    /// <summary>The top-level key of an export request in OTLP-JSON.</summary>
    public static string JsonKey(this Signal signal) => signal switch
    {
        Signal.Logs => "resourceLogs",
        Signal.Traces => "resourceSpans",
        Signal.Metrics => "resourceMetrics",
        _ => throw new ArgumentOutOfRangeException(nameof(signal)),
    };

    /// <summary>The OTLP/HTTP path of the signal.</summary>
    public static string HttpPath(this Signal signal) => "/v1/" + signal.FileStem();
}
