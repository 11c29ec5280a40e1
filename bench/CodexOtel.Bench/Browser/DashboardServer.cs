using CodexOtel.Bench.Ingest;
using CodexOtel.Serve;

namespace CodexOtel.Bench.Browser;

/// <summary>
/// The published <c>codex-otel serve</c> on a data folder, every port on a free loopback port (the dashboard's too),
/// with an empty config home. Ready once its serve.json names its pid: the addresses are read from there.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ServerProcess _process;

    private DashboardServer(ServerProcess process, Uri ui, Uri otlpHttp)
    {
        _process = process;
        Ui = ui;
        OtlpHttp = otlpHttp;
    }

    public Uri Ui { get; }

    public Uri OtlpHttp { get; }

    public static async Task<DashboardServer> StartAsync(string executable, string dataDir, string configHome, CancellationToken cancellationToken)
    {
        var launch = new ServerLaunch(
            "codex-otel serve",
            executable,
            ["serve", "--data", dataDir, "--grpc", "127.0.0.1:0", "--http", "127.0.0.1:0", "--ui", "127.0.0.1:0", "--metrics", "off"],
            new Dictionary<string, string>());
        var process = ServerProcess.Start(launch, configHome, new Dictionary<string, string>());
        try
        {
            var deadline = DateTime.UtcNow + StartTimeout;
            while (DateTime.UtcNow < deadline)
            {
                if (process.Process.HasExited)
                {
                    throw new InvalidOperationException($"codex-otel serve exited with {process.Process.ExitCode}:\n{process.OutputTail}");
                }

                // A serve.json left by an earlier, killed serve names another pid: wait for ours.
                if (ServeState.TryRead(dataDir) is { } state && state.Pid == process.Id && state.Listeners.TryGetValue("ui", out var ui))
                {
                    return new DashboardServer(process, new Uri($"http://{ui}/"), new Uri($"http://{state.Http}/"));
                }

                await Task.Delay(50, cancellationToken);
            }

            throw new TimeoutException($"codex-otel serve wrote no serve.json within {StartTimeout.TotalSeconds:0} s:\n{process.OutputTail}");
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(20));
        _process.Dispose();
    }
}
