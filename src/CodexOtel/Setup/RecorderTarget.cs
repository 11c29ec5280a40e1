using System.Diagnostics;
using System.Net;
using CodexOtel.Config;
using CodexOtel.Ledger;
using CodexOtel.Serve;
using CodexOtel.Serve.Tls;

namespace CodexOtel.Setup;

/// <summary>
/// Where the recorder for a data folder listens, or would listen: the running <c>serve</c>'s addresses from its
/// serve.json, else what <c>serve</c> would use (the resolved config). And the API key it wants, with where it came from.
/// </summary>
internal sealed record RecorderTarget(
    string DataDir,
    ServeState? Running,
    ServeState? Stale,
    string GrpcAddress,
    string HttpAddress,
    string AddressSource,
    string? ApiKey,
    string? ApiKeySource,
    RecorderTrust? Tls)
{
    /// <summary>The OTLP/HTTP base URL a client on this machine uses, e.g. http://127.0.0.1:4318 (https with TLS).</summary>
    public string HttpBaseUrl => $"{(Tls is null ? "http" : "https")}://{ClientAddress(HttpAddress)}";

    public static RecorderTarget Resolve(ResolvedConfig resolved)
    {
        var serve = resolved.Config.Serve;
        var state = ServeState.TryRead(serve.DataDir);
        var running = state is not null && IsRunning(state, serve.DataDir) ? state : null;
        var stale = running is null ? state : null;
        var (grpc, http, source) = running is not null
            ? (running.Grpc, running.Http, $"the running serve (pid {running.Pid})")
            : (serve.GrpcAddress, serve.HttpAddress, Describe(resolved.SourceOf(ConfigSettings.Http)));
        var keySource = serve.ApiKey is null ? null : Describe(resolved.SourceOf(ConfigSettings.ApiKey));
        var tls = running is not null ? RecorderTrust.For(running) : RecorderTrust.For(resolved.Config.Tls);
        return new RecorderTarget(serve.DataDir, running, stale, grpc, http, source, serve.ApiKey, keySource, tls);
    }

    /// <summary>
    /// Under mutual TLS serve refuses a client without a certificate: probe it with the one Codex presents (its
    /// exporters' <c>tls</c> client certificate and key), so the probe sees what Codex's export would. Unchanged
    /// without TLS, or when Codex's config names none or cannot be read (its own check says why).
    /// </summary>
    public RecorderTarget PresentingCodexCertificate(CodexHome home)
    {
        if (Tls is null)
        {
            return this;
        }

        try
        {
            var text = ConfigFileWriter.Read(home.ConfigPath, out _);
            var tls = text is null ? null : CodexOtelSettings.Read(text).Exporters
                .Select(e => e.Tls)
                .FirstOrDefault(t => t?.ContainsKey(CodexTls.CertificateKey) == true && t.ContainsKey(CodexTls.KeyKey));
            return tls is null ? this : this with { Tls = Tls.Presenting(tls[CodexTls.CertificateKey], tls[CodexTls.KeyKey]) };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException or Toml.TomlSyntaxException or Tomlyn.TomlException)
        {
            return this;
        }
    }

    private static string Describe(ConfigSource source) => source.Origin == ConfigOrigin.Default ? "serve's default" : source.Where;

    /// <summary>Where a client on this machine connects for a listen address: 0.0.0.0 → 127.0.0.1, [::] → [::1].</summary>
    public static string ClientAddress(string listenAddress)
    {
        try
        {
            var endPoint = ListenAddress.Parse(listenAddress, "address").EndPoint;
            if (endPoint.Address.Equals(IPAddress.Any))
            {
                endPoint = new IPEndPoint(IPAddress.Loopback, endPoint.Port);
            }
            else if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                endPoint = new IPEndPoint(IPAddress.IPv6Loopback, endPoint.Port);
            }

            return endPoint.ToString();
        }
        catch (FormatException)
        {
            return listenAddress;
        }
    }

    /// <summary>A serve.json is current when its process lives and holds the folder's lock.</summary>
    private static bool IsRunning(ServeState state, string dataDir)
    {
        try
        {
            using var process = Process.GetProcessById(state.Pid);
            return !process.HasExited && LedgerWriter.IsLocked(dataDir);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
