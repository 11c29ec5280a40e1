using CodexOtel.Config;

namespace CodexOtel.Serve.Tls;

/// <summary>
/// Where serve's TLS material is: its certificate and private key (PEM), and for mutual TLS the CA whose
/// certificates clients must present. Paths, not loaded certificates: they are read at start and again when they change.
/// </summary>
public sealed record TlsFiles(string CertificatePath, string KeyPath, string? ClientCaPath)
{
    /// <summary>The files from the settings, or null when no certificate is set.</summary>
    /// <exception cref="ConfigException">a key without a certificate, a certificate without a key, or a client CA without either</exception>
    public static TlsFiles? From(string? certificate, string? key, string? clientCa) => (certificate, key) switch
    {
        ({ } c, { } k) => new TlsFiles(c, k, clientCa),
        (null, null) when clientCa is null => null,
        (null, null) => throw Incomplete($"{Name(ConfigSettings.TlsClientCa)} is set, but mutual TLS needs TLS", ConfigSettings.TlsCertificate),
        (null, _) => throw Incomplete($"{Name(ConfigSettings.TlsKey)} is set without a certificate", ConfigSettings.TlsCertificate),
        (_, null) => throw Incomplete($"{Name(ConfigSettings.TlsCertificate)} is set without its private key", ConfigSettings.TlsKey),
    };

    private static string Name(ConfigSetting setting) => $"{setting.Flag} ({setting.TomlName})";

    private static ConfigException Incomplete(string problem, ConfigSetting missing) =>
        new($"{problem}.", $"set {Name(missing)} too: serve needs the certificate and its private key, both PEM files");
}
