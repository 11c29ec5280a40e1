namespace CodexOtel.Tests.E2E.Support;

/// <summary>Where and how Codex exports its telemetry (the <c>[otel]</c> section of config.toml).</summary>
public sealed record CodexTelemetry
{
    /// <summary>The OTLP/HTTP base URL, e.g. http://127.0.0.1:4318.</summary>
    public required Uri OtlpBaseUrl { get; init; }

    /// <summary><c>binary</c> (application/x-protobuf) or <c>json</c>.</summary>
    public string Protocol { get; init; } = "binary";

    /// <summary>true: each signal gets its /v1/logs|traces|metrics URL; false: the bare base URL, so all POST to "/".</summary>
    public bool PerSignalPaths { get; init; } = true;

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The exporters' <c>tls</c> table: ca-certificate, client-certificate, client-private-key (PEM paths).</summary>
    public IReadOnlyDictionary<string, string> Tls { get; init; } = new Dictionary<string, string>();

    /// <summary>Becomes the resource attribute <c>env</c>.</summary>
    public string Environment { get; init; } = "e2e";

    internal string EndpointFor(string signal)
    {
        var baseUrl = OtlpBaseUrl.GetLeftPart(UriPartial.Authority);
        return PerSignalPaths ? $"{baseUrl}/v1/{signal}" : baseUrl;
    }
}
