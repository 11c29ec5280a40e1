using CodexOtel.Ledger;
using CodexOtel.Ledger.Retention;
using CodexOtel.Metrics;
using CodexOtel.Processors.Redaction;
using CodexOtel.Receivers;
using CodexOtel.Serve;
using CodexOtel.Serve.Tls;

namespace CodexOtel.Config;

/// <summary>
/// The recorder's configuration, resolved from flags, <c>CODEX_OTEL_*</c> variables, the config file and defaults by
/// <see cref="ConfigResolver"/>. The ledger and limits sections are the option types their components take.
/// </summary>
public sealed record RecorderConfig
{
    public required ServeSection Serve { get; init; }

    public required LedgerOptions Ledger { get; init; }

    public required ReceiverOptions Limits { get; init; }

    /// <summary>Null when no certificate is set: plain HTTP.</summary>
    public TlsFiles? Tls { get; init; }

    public RetentionOptions Retention { get; init; } = new();

    public required RedactionOptions Redaction { get; init; }

    public MetricsOptions Metrics { get; init; } = new();

    /// <summary>What <c>serve</c> runs with.</summary>
    public ServeOptions ToServeOptions() => new()
    {
        DataDir = Serve.DataDir,
        GrpcAddress = Serve.GrpcAddress,
        HttpAddress = Serve.HttpAddress,
        UiAddress = Serve.UiAddress,
        MetricsAddress = Serve.MetricsAddress,
        ApiKey = Serve.ApiKey,
        Insecure = Serve.Insecure,
        LogFormat = Serve.LogFormat,
        Ledger = Ledger,
        Limits = Limits,
        Tls = Tls,
        Redaction = Redaction,
        Metrics = Metrics,
        Retention = Retention,
    };

    /// <summary>Builds the model from each setting's resolved value.</summary>
    internal static RecorderConfig Bind(Func<ConfigSetting, object?> value) => new()
    {
        Serve = new ServeSection
        {
            DataDir = (string)value(ConfigSettings.Data)!,
            GrpcAddress = (string)value(ConfigSettings.Grpc)!,
            HttpAddress = (string)value(ConfigSettings.Http)!,
            UiAddress = Listener(value(ConfigSettings.Ui)),
            MetricsAddress = Listener(value(ConfigSettings.Metrics)),
            ApiKey = (string?)value(ConfigSettings.ApiKey),
            Insecure = (bool)value(ConfigSettings.Insecure)!,
            LogFormat = (string)value(ConfigSettings.LogFormat)!,
        },
        Ledger = new LedgerOptions
        {
            MaxSegmentBytes = (long)value(ConfigSettings.SegmentMb)! << 20,
            MaxSegmentAge = TimeSpan.FromHours((long)value(ConfigSettings.SegmentAgeHours)!),
            CompressRotated = (bool)value(ConfigSettings.Compress)!,
        },
        Limits = new ReceiverOptions
        {
            MaxRequestBytes = checked((int)((long)value(ConfigSettings.RequestMb)! << 20)),
        },
        Tls = TlsFiles.From((string?)value(ConfigSettings.TlsCertificate), (string?)value(ConfigSettings.TlsKey), (string?)value(ConfigSettings.TlsClientCa)),
        Retention = new RetentionOptions
        {
            MaxAge = (TimeSpan?)value(ConfigSettings.RetentionMaxAge),
            MaxBytes = (long?)value(ConfigSettings.RetentionMaxBytes),
        },
        Redaction = new RedactionOptions
        {
            Enabled = (bool)value(ConfigSettings.RedactionEnabled)!,
            Rules = (IReadOnlyList<UserRedactionRule>)value(ConfigSettings.RedactionRules)!,
        },
        Metrics = new MetricsOptions
        {
            SpanMetrics = (bool)value(ConfigSettings.SpanMetrics)!,
            SpanMetricsFlushInterval = TimeSpan.FromSeconds((long)value(ConfigSettings.SpanMetricsFlushSeconds)!),
            DropAttributes = MetricsOptions.ParseAttributeList((string)value(ConfigSettings.DropAttributes)!),
            MaxSeriesPerMetric = (int)(long)value(ConfigSettings.MaxSeriesPerMetric)!,
            StaleAfter = TimeSpan.FromMinutes((long)value(ConfigSettings.StaleMinutes)!),
        },
    };

    private static string? Listener(object? address) => address is ConfigValueKind.Address.Off ? null : (string?)address;
}

/// <summary>The top of the config file: where the recorder keeps its data and how it listens.</summary>
public sealed record ServeSection
{
    public required string DataDir { get; init; }

    public required string GrpcAddress { get; init; }

    public required string HttpAddress { get; init; }

    /// <summary>The dashboard's address; null when it is off.</summary>
    public string? UiAddress { get; init; }

    /// <summary>The Prometheus endpoint's address; null when it is off.</summary>
    public string? MetricsAddress { get; init; }

    /// <summary>Null when none is set; never blank (the resolver refuses an empty key).</summary>
    public string? ApiKey { get; init; }

    public required bool Insecure { get; init; }

    /// <summary>"text" or "json".</summary>
    public required string LogFormat { get; init; }
}
