using System.Diagnostics;
using System.Net;
using CodexOtel.Ledger;
using CodexOtel.Serve;

namespace CodexOtel.Setup;

/// <summary>
/// Where the recorder for a data folder listens, or would listen: the running <c>serve</c>'s addresses from its
/// serve.json, else what <c>serve</c> would use (CODEX_OTEL_GRPC/HTTP, its config file, the defaults). And the API key
/// it wants: --api-key, else CODEX_OTEL_API_KEY, else its config file's api_key.
/// </summary>
internal sealed record RecorderTarget(
    string DataDir,
    ServeState? Running,
    ServeState? Stale,
    string GrpcAddress,
    string HttpAddress,
    string AddressSource,
    string? ApiKey,
    string? ApiKeySource)
{
    public const string DefaultGrpc = "127.0.0.1:4317";
    public const string DefaultHttp = "127.0.0.1:4318";

    /// <summary>The OTLP/HTTP base URL a client on this machine uses, e.g. http://127.0.0.1:4318.</summary>
    public string HttpBaseUrl => $"http://{ClientAddress(HttpAddress)}";

    /// <summary>Resolves the target; <paramref name="serveConfig"/> is loaded by the caller (it may be broken).</summary>
    public static RecorderTarget Resolve(string? dataOption, string? apiKeyOption, ServeConfigFile? serveConfig)
    {
        var dataDir = DataDirectory.Resolve(dataOption ?? Env("CODEX_OTEL_DATA") ?? serveConfig?.String("data"));
        var state = ServeState.TryRead(dataDir);
        var running = state is not null && IsRunning(state, dataDir) ? state : null;
        var stale = running is null ? state : null;

        string grpc, http, source;
        if (running is not null)
        {
            (grpc, http, source) = (running.Grpc, running.Http, $"the running serve (pid {running.Pid})");
        }
        else
        {
            var httpEnv = Env("CODEX_OTEL_HTTP");
            var httpFile = serveConfig?.String("http");
            grpc = Env("CODEX_OTEL_GRPC") ?? serveConfig?.String("grpc") ?? DefaultGrpc;
            http = httpEnv ?? httpFile ?? DefaultHttp;
            source = httpEnv is not null ? "CODEX_OTEL_HTTP"
                : httpFile is not null ? serveConfig!.Path
                : "serve's default";
        }

        var (key, keySource) = apiKeyOption is { Length: > 0 } ? (apiKeyOption, "--api-key")
            : Env("CODEX_OTEL_API_KEY") is { } fromEnv ? (fromEnv, "CODEX_OTEL_API_KEY")
            : serveConfig?.String("api_key") is { Length: > 0 } fromFile ? (fromFile, serveConfig.Path)
            : ((string?)null, (string?)null);
        return new RecorderTarget(dataDir, running, stale, grpc, http, source, key, keySource);
    }

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

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
