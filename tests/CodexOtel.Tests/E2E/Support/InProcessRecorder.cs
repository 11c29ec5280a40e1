using CodexOtel.Serve;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>
/// The recorder under test, in this process, on free loopback ports, writing its ledger to a fresh temp
/// directory that is deleted on dispose.
/// </summary>
public sealed class InProcessRecorder : IAsyncDisposable
{
    private readonly TempDirectory _dataDir;
    private readonly RecorderHost _host;

    private InProcessRecorder(TempDirectory dataDir, RecorderHost host)
    {
        _dataDir = dataDir;
        _host = host;
    }

    public string DataDir => _dataDir.Path;

    /// <summary>e.g. http://127.0.0.1:41234, HTTP/2 only.</summary>
    public Uri GrpcEndpoint => _host.GrpcEndpoint;

    /// <summary>e.g. http://127.0.0.1:41235, OTLP/HTTP.</summary>
    public Uri HttpEndpoint => _host.HttpEndpoint;

    /// <summary>e.g. http://127.0.0.1:41236/, the dashboard; null unless started with a ui address.</summary>
    public Uri? UiEndpoint => _host.State.Listeners.TryGetValue("ui", out var ui) ? new Uri($"{_host.State.Scheme}://{ui}/") : null;

    /// <summary>What serve's banner prints for its other listeners (the dashboard's login URL, say).</summary>
    public IReadOnlyList<string> BannerLines => _host.State.Banner;

    /// <param name="apiKey">the key clients must send, if any</param>
    /// <param name="uiAddress">where the dashboard listens; null: off</param>
    /// <param name="tls">TLS on every port (see TestCertificates), if any</param>
    public static async Task<InProcessRecorder> StartAsync(string? apiKey = null, string? uiAddress = null, CodexOtel.Serve.Tls.TlsFiles? tls = null)
    {
        var dataDir = new TempDirectory("ledger");
        try
        {
            var host = await RecorderHost.StartAsync(new ServeOptions
            {
                DataDir = dataDir.Path,
                GrpcAddress = "127.0.0.1:0",
                HttpAddress = "127.0.0.1:0",
                ApiKey = apiKey,
                UiAddress = uiAddress,
                Tls = tls,
            });
            return new InProcessRecorder(dataDir, host);
        }
        catch
        {
            dataDir.Dispose();
            throw;
        }
    }

    /// <summary>What is durable in the ledger now (a client's flush returning means its data is in here).</summary>
    public LedgerContents ReadLedger() => LedgerContents.Read(DataDir);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _dataDir.Dispose();
    }
}
