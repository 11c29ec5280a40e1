using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodexOtel.Serve.Tls;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>
/// A test CA and what it issues, as PEM files in a temp folder: a server certificate for 127.0.0.1 and localhost, a
/// client certificate for mutual TLS, and a stranger (a client certificate from another CA).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly TempDirectory _dir = new("certs");
    private readonly X509Certificate2 _ca;

    public TestCertificates()
    {
        (_ca, CaPath, _) = WriteAuthority("ca", "codex-otel test CA");
        (ServerCertificatePath, ServerKeyPath) = WriteServer("server", _ca);
        (ClientCertificatePath, ClientKeyPath) = WriteIssued("client", _ca, "codex-otel test client", ClientAuth, san: null);
        var (stranger, _, _) = WriteAuthority("other-ca", "another CA");
        (StrangerCertificatePath, StrangerKeyPath) = WriteIssued("stranger", stranger, "a stranger", ClientAuth, san: null);
    }

    public string CaPath { get; }

    public string ServerCertificatePath { get; }

    public string ServerKeyPath { get; }

    public string ClientCertificatePath { get; }

    public string ClientKeyPath { get; }

    public string StrangerCertificatePath { get; }

    public string StrangerKeyPath { get; }

    private static Oid ClientAuth => new("1.3.6.1.5.5.7.3.2");

    private static Oid ServerAuth => new("1.3.6.1.5.5.7.3.1");

    /// <summary>serve's TLS files; with <paramref name="mutual"/>, clients must present a certificate from the CA.</summary>
    public TlsFiles Serve(bool mutual = false) => new(ServerCertificatePath, ServerKeyPath, mutual ? CaPath : null);

    /// <summary>Issues a new server certificate into the same files (a renewal), returning its thumbprint.</summary>
    public string RenewServer() => X509CertificateLoader.LoadCertificateFromFile(WriteServer("server", _ca).Certificate).Thumbprint;

    /// <summary>An HTTP handler that trusts the test CA only, presenting <paramref name="clientCertificate"/> if given.</summary>
    public SocketsHttpHandler Handler(string? clientCertificate = null, string? clientKey = null)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && IssuedByCa(new X509Certificate2(certificate));
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [Exportable(X509Certificate2.CreateFromPemFile(clientCertificate, clientKey))];
        }

        return handler;
    }

    public void Dispose()
    {
        _ca.Dispose();
        _dir.Dispose();
    }

    private bool IssuedByCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private (X509Certificate2 Authority, string Certificate, string Key) WriteAuthority(string name, string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var (certificate, keyPath) = Write(name, authority, key);
        return (authority, certificate, keyPath);
    }

    private (string Certificate, string Key) WriteServer(string name, X509Certificate2 issuer)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        return WriteIssued(name, issuer, "codex-otel test server", ServerAuth, san);
    }

    private (string Certificate, string Key) WriteIssued(string name, X509Certificate2 issuer, string subject, Oid usage, SubjectAlternativeNameBuilder? san)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var issued = request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        return Write(name, issued, key);
    }

    private (string Certificate, string Key) Write(string name, X509Certificate2 certificate, RSA key)
    {
        var certificatePath = Path.Combine(_dir.Path, name + ".pem");
        var keyPath = Path.Combine(_dir.Path, name + "-key.pem");
        // With a final newline, as openssl writes them: Codex joins the certificate and key files into one PEM.
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        return (certificatePath, keyPath);
    }

    // SslStream on Linux takes a client certificate whose key it can use; a PEM-loaded key is ephemeral until exported.
    private static X509Certificate2 Exportable(X509Certificate2 pem)
    {
        using (pem)
        {
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
    }
}
