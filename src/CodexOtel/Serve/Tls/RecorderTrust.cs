using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CodexOtel.Serve.Tls;

/// <summary>
/// How a client on this machine (<c>import</c> through a running serve, <c>doctor</c>'s probes) trusts serve's TLS:
/// a certificate the system trusts, or exactly the one in serve's certificate file — pinned, so a self-signed
/// certificate works without adding it to the system's store, and no other self-signed one does.
/// </summary>
public sealed class RecorderTrust(string certificatePath)
{
    /// <summary>For the serve that wrote <paramref name="state"/>; null when it speaks plain HTTP.</summary>
    public static RecorderTrust? For(ServeState state) => state.TlsCertificate is { } path ? new RecorderTrust(path) : null;

    /// <summary>For the certificate file of the config; null without one.</summary>
    public static RecorderTrust? For(TlsFiles? files) => files is null ? null : new RecorderTrust(files.CertificatePath);

    public string CertificatePath => certificatePath;

    /// <summary>What the client presents when serve asks for a client certificate (mutual TLS); null: none.</summary>
    public X509Certificate2? ClientCertificate { get; private init; }

    /// <summary>
    /// The same trust, presenting the certificate and key in these PEM files (Codex's client certificate, say); as
    /// before when they cannot be read, so serve's refusal says what is wrong.
    /// </summary>
    public RecorderTrust Presenting(string certificateFile, string keyFile)
    {
        try
        {
            return new RecorderTrust(certificatePath) { ClientCertificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile) };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return this;
        }
    }

    public bool Accepts(X509Certificate? presented, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (presented is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        try
        {
            using var pinned = X509CertificateLoader.LoadCertificateFromFile(certificatePath);
            return presented.GetRawCertData().AsSpan().SequenceEqual(pinned.RawData);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    /// <summary>TLS options for a connection to <paramref name="host"/>, offering <paramref name="protocols"/> by ALPN.</summary>
    public SslClientAuthenticationOptions ClientOptions(string host, params SslApplicationProtocol[] protocols) => new()
    {
        TargetHost = host,
        ApplicationProtocols = [.. protocols],
        RemoteCertificateValidationCallback = (_, certificate, _, errors) => Accepts(certificate, errors),
        ClientCertificates = ClientCertificate is null ? null : [ClientCertificate],
    };

    /// <summary>An HTTP handler that trusts serve this way.</summary>
    public SocketsHttpHandler Handler(SocketsHttpHandler handler)
    {
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Accepts(certificate, errors);
        handler.SslOptions.ClientCertificates = ClientCertificate is null ? null : [ClientCertificate];
        return handler;
    }
}
