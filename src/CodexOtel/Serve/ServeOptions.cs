using CodexOtel.Ledger;
using CodexOtel.Ledger.Retention;
using CodexOtel.Metrics;
using CodexOtel.Processors.Redaction;
using CodexOtel.Receivers;
using CodexOtel.Serve.Tls;

namespace CodexOtel.Serve;

/// <summary>Everything <c>serve</c> needs; the CLI fills it in from the resolved config (Config/RecorderConfig).</summary>
public sealed record ServeOptions
{
    public const string DefaultGrpcAddress = "127.0.0.1:4317";
    public const string DefaultHttpAddress = "127.0.0.1:4318";
    public const string DefaultUiAddress = "127.0.0.1:4319";
    public const string DefaultMetricsAddress = "127.0.0.1:9464";
    public const string DefaultLogFormat = "text";

    public required string DataDir { get; init; }

    public string GrpcAddress { get; init; } = DefaultGrpcAddress;

    public string HttpAddress { get; init; } = DefaultHttpAddress;

    /// <summary>The dashboard's address; null (the default here, so tests opt in) turns it off.</summary>
    public string? UiAddress { get; init; }

    /// <summary>The Prometheus endpoint's address; null turns it off.</summary>
    public string? MetricsAddress { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>Allows a non-loopback address without an API key.</summary>
    public bool Insecure { get; init; }

    /// <summary>"text" (one line per event, for people) or "json" (for log shippers).</summary>
    public string LogFormat { get; init; } = DefaultLogFormat;

    public LedgerOptions Ledger { get; init; } = new();

    public ReceiverOptions Limits { get; init; } = new();

    /// <summary>TLS on every port; null: plain HTTP.</summary>
    public TlsFiles? Tls { get; init; }

    /// <summary>Secrets redacted before the ledger (on unless turned off: serve --no-redact).</summary>
    public RedactionOptions Redaction { get; init; } = new();

    /// <summary>What serve prunes, at start and every hour (<see cref="ServeRetention"/>); by default nothing.</summary>
    public RetentionOptions Retention { get; init; } = new();

    /// <summary>What the metrics consumers compute, when <see cref="MetricsAddress"/> is set.</summary>
    public MetricsOptions Metrics { get; init; } = new();
}
