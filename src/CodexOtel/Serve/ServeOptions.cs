using CodexOtel.Ledger;
using CodexOtel.Receivers;

namespace CodexOtel.Serve;

/// <summary>Everything <c>serve</c> needs, from flags, environment and config file.</summary>
public sealed record ServeOptions
{
    public required string DataDir { get; init; }

    public string GrpcAddress { get; init; } = "127.0.0.1:4317";

    public string HttpAddress { get; init; } = "127.0.0.1:4318";

    public string? ApiKey { get; init; }

    /// <summary>Allows a non-loopback address without an API key.</summary>
    public bool Insecure { get; init; }

    /// <summary>"text" (one line per event, for people) or "json" (for log shippers).</summary>
    public string LogFormat { get; init; } = "text";

    public LedgerOptions Ledger { get; init; } = new();

    public ReceiverOptions Limits { get; init; } = new();
}
