using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace CodexOtel.Serve.Tls;

/// <summary>
/// TLS on every port of serve, from <see cref="TlsFiles"/>: the server certificate, reloaded when its files change,
/// and with a client CA, mutual TLS: a client must present a certificate that chains to that CA (also reloaded), or
/// the handshake fails before any request is read.
/// </summary>
internal sealed class ServeTls
{
    private readonly ReloadingFiles<X509Certificate2> _certificate;
    private readonly ReloadingFiles<X509Certificate2Collection>? _clientCa;

    /// <param name="files">the certificate, its key and the client CA</param>
    /// <param name="log">where a reload is logged</param>
    /// <exception cref="ServeException">a file that is missing, unreadable or not a PEM certificate and matching key</exception>
    public ServeTls(TlsFiles files, Func<ILogger> log)
    {
        _certificate = Load(() => new ReloadingFiles<X509Certificate2>([files.CertificatePath, files.KeyPath], p => LoadCertificate(p[0], p[1]), log), files.CertificatePath, "--tls-cert and --tls-key");
        if (files.ClientCaPath is { } ca)
        {
            _clientCa = Load(() => new ReloadingFiles<X509Certificate2Collection>([ca], p => LoadAuthority(p[0]), log), ca, "--tls-client-ca");
        }
    }

    public bool RequiresClientCertificates => _clientCa is not null;

    /// <summary>Makes <paramref name="listen"/> speak TLS (HTTP/2 is then negotiated by ALPN, as gRPC clients expect).</summary>
    public void Apply(ListenOptions listen) => listen.UseHttps(https =>
    {
        https.ServerCertificateSelector = (_, _) => _certificate.Current;
        https.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
        if (_clientCa is not null)
        {
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => IssuedByClientCa(certificate);
        }
    });

    private bool IssuedByClientCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_clientCa!.Current);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2")); // TLS client authentication
        return chain.Build(certificate);
    }

    private static X509Certificate2 LoadCertificate(string certificatePath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        if (!pem.HasPrivateKey)
        {
            throw new CryptographicException($"{keyPath} holds no private key for {certificatePath}");
        }

        // Kestrel takes a certificate whose key is usable by SslStream; a PEM key is ephemeral until exported once.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }

    private static X509Certificate2Collection LoadAuthority(string path)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(path);
        return authorities.Count > 0 ? authorities : throw new CryptographicException($"{path} holds no PEM certificate");
    }

    private static T Load<T>(Func<T> load, string path, string flags)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ServeException($"cannot use {path} for TLS: {e.Message}", $"give {flags} PEM files serve can read (a certificate, its matching private key, a CA)");
        }
    }
}
