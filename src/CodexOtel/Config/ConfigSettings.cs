using CodexOtel.Ledger;
using CodexOtel.Metrics;
using CodexOtel.Processors.Redaction;
using CodexOtel.Receivers;
using CodexOtel.Serve;

namespace CodexOtel.Config;

/// <summary>
/// Every setting codex-otel reads, in the order <c>codex-otel config</c> shows them. The defaults are those of the
/// option types the settings fill in (<see cref="ServeOptions"/>, <see cref="LedgerOptions"/>,
/// <see cref="ReceiverOptions"/>), so each default is written once. A new section (ui, metrics, redaction, store,
/// forwarding) adds its settings here and a property to <see cref="RecorderConfig"/>; until then the file is refused
/// with its name, as any unknown key is.
/// </summary>
public static class ConfigSettings
{
    public const string Ledger = "ledger";
    public const string Limits = "limits";
    public const string Tls = "tls";
    public const string Retention = "retention";
    public const string Redaction = "redaction";
    public const string MetricsSection = "metrics";

    /// <summary>Segments up to 64 GiB; larger ones would take as long to verify or compress as a day of recording does.</summary>
    public const long MaxSegmentMb = 64 << 10;

    /// <summary>A segment may stay open for up to a year.</summary>
    public const long MaxSegmentAgeHours = 24 * 366;

    private static readonly LedgerOptions LedgerDefaults = new();
    private static readonly ReceiverOptions LimitDefaults = new();
    private static readonly MetricsOptions MetricsDefaults = new();

    public static readonly ConfigSetting Data = new(
        ConfigSetting.ServeSection, "data", ConfigValueKind.Folder, DataDirectory.DefaultPath, "the data folder: ledger, index, serve.json")
    {
        Flag = "--data",
    };

    public static readonly ConfigSetting Grpc = new(
        ConfigSetting.ServeSection, "grpc", new ConfigValueKind.Address(), () => ServeOptions.DefaultGrpcAddress, "OTLP/gRPC listen address")
    {
        Flag = "--grpc",
    };

    public static readonly ConfigSetting Http = new(
        ConfigSetting.ServeSection, "http", new ConfigValueKind.Address(), () => ServeOptions.DefaultHttpAddress, "OTLP/HTTP listen address")
    {
        Flag = "--http",
    };

    public static readonly ConfigSetting Ui = new(
        ConfigSetting.ServeSection, "ui", new ConfigValueKind.Address(offAllowed: true), () => ServeOptions.DefaultUiAddress, "the dashboard's listen address, or off")
    {
        Flag = "--ui",
    };

    public static readonly ConfigSetting Metrics = new(
        ConfigSetting.ServeSection, "metrics", new ConfigValueKind.Address(offAllowed: true), () => ServeOptions.DefaultMetricsAddress, "the Prometheus metrics listen address, or off")
    {
        Flag = "--metrics",
    };

    public static readonly ConfigSetting ApiKey = new(
        ConfigSetting.ServeSection, "api_key", new ConfigValueKind.Secret(), () => null, "the key clients must send (Authorization: Bearer KEY)")
    {
        Flag = "--api-key",
    };

    public static readonly ConfigSetting Insecure = new(
        ConfigSetting.ServeSection, "insecure", new ConfigValueKind.Switch(), () => false, "allow a non-loopback address without an API key")
    {
        Flag = "--insecure",
    };

    public static readonly ConfigSetting LogFormat = new(
        ConfigSetting.ServeSection, "log_format", new ConfigValueKind.Choice("text", "json"), () => ServeOptions.DefaultLogFormat, "serve's console log format")
    {
        Flag = "--log-format",
    };

    public static readonly ConfigSetting SegmentMb = new(
        Ledger, "max_segment_mb", new ConfigValueKind.WholeNumber(1, MaxSegmentMb), () => LedgerDefaults.MaxSegmentBytes >> 20, "rotate the active segment at this size (MiB)");

    public static readonly ConfigSetting SegmentAgeHours = new(
        Ledger, "max_segment_age_hours", new ConfigValueKind.WholeNumber(1, MaxSegmentAgeHours), () => (long)LedgerDefaults.MaxSegmentAge.TotalHours, "…or at this age (hours)");

    public static readonly ConfigSetting Compress = new(
        Ledger, "compress", new ConfigValueKind.Switch(), () => LedgerDefaults.CompressRotated, "zstd-compress rotated segments");

    // A request must fit in the memory all HTTP requests may hold at once; a larger one would get 429 forever.
    public static readonly ConfigSetting RequestMb = new(
        Limits, "max_request_mb", new ConfigValueKind.WholeNumber(1, LimitDefaults.MaxInFlightBytes >> 20), () => (long)(LimitDefaults.MaxRequestBytes >> 20), "largest request after decompression (MiB); larger ones get 413");

    public static readonly ConfigSetting TlsCertificate = new(
        Tls, "cert", ConfigValueKind.FilePath, () => null, "serve every port over TLS with this certificate (PEM; reloaded when it changes)")
    {
        Flag = "--tls-cert",
    };

    public static readonly ConfigSetting TlsKey = new(
        Tls, "key", ConfigValueKind.FilePath, () => null, "…and this private key (PEM)")
    {
        Flag = "--tls-key",
    };

    public static readonly ConfigSetting TlsClientCa = new(
        Tls, "client_ca", ConfigValueKind.FilePath, () => null, "require client certificates issued by this CA (PEM): mutual TLS")
    {
        Flag = "--tls-client-ca",
    };

    public static readonly ConfigSetting RetentionMaxAge = new(
        Retention, "max_age", new ConfigValueKind.Age(), () => null, "prune rotated segments older than this (none: keep for ever)");

    public static readonly ConfigSetting RetentionMaxBytes = new(
        Retention, "max_bytes", new ConfigValueKind.Size(), () => null, "…and the oldest while the ledger holds more than this");

    public static readonly ConfigSetting RedactionEnabled = new(
        Redaction, "enabled", new ConfigValueKind.Switch(), () => new RedactionOptions().Enabled, "replace secrets with [REDACTED:rule] before the ledger (off: --no-redact)")
    {
        Flag = "--no-redact",
        FlagTurnsOff = true,
    };

    public static readonly ConfigSetting RedactionRules = new(
        Redaction, "rules", new RedactionRulesKind(), () => new RedactionOptions().Rules, "your own rules, [[redaction.rules]] name = \"…\" pattern = \"…\"");

    public static readonly ConfigSetting SpanMetrics = new(
        MetricsSection, "spanmetrics", new ConfigValueKind.Switch(), () => MetricsDefaults.SpanMetrics, "compute spanmetrics from spans (and write them to the metrics ledger)");

    public static readonly ConfigSetting SpanMetricsFlushSeconds = new(
        MetricsSection, "spanmetrics_flush_seconds", new ConfigValueKind.WholeNumber(1, 3600), () => (long)MetricsDefaults.SpanMetricsFlushInterval.TotalSeconds, "write spanmetrics to the metrics ledger this often (seconds)");

    public static readonly ConfigSetting DropAttributes = new(
        MetricsSection,
        "drop_attributes",
        new ConfigValueKind.Text("attribute keys separated by commas, or none", text => text.Trim()),
        () => string.Join(',', MetricsDefaults.DropAttributes),
        "attributes removed from client metrics before they are accumulated (unbounded ones)");

    public static readonly ConfigSetting MaxSeriesPerMetric = new(
        MetricsSection, "max_series_per_metric", new ConfigValueKind.WholeNumber(1, 1_000_000), () => (long)MetricsDefaults.MaxSeriesPerMetric, "series a client metric may have; the rest are dropped and counted");

    public static readonly ConfigSetting StaleMinutes = new(
        MetricsSection, "stale_minutes", new ConfigValueKind.WholeNumber(1, 10080), () => (long)MetricsDefaults.StaleAfter.TotalMinutes, "drop a client series not updated for this long (minutes)");

    public static IReadOnlyList<ConfigSetting> All { get; } =
        [Data, Grpc, Http, Ui, Metrics, ApiKey, Insecure, LogFormat, SegmentMb, SegmentAgeHours, Compress, RequestMb,
         TlsCertificate, TlsKey, TlsClientCa, RetentionMaxAge, RetentionMaxBytes, RedactionEnabled, RedactionRules,
         SpanMetrics, SpanMetricsFlushSeconds, DropAttributes, MaxSeriesPerMetric, StaleMinutes];

    /// <summary>The [tables] the file may have.</summary>
    public static IReadOnlyList<string> Tables { get; } = [.. All.Select(s => s.Table).OfType<string>().Distinct()];
}
