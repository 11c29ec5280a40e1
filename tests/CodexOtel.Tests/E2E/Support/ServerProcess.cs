using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>
/// The real executable, <c>dotnet codex-otel.dll serve</c>, in its own process on free loopback ports. Ready once it
/// has written DIR/serve.json naming its pid and ports. For crash tests: <see cref="Kill"/> is SIGKILL,
/// <see cref="StopAsync"/> is SIGTERM and a wait.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ServerProcess(Process process, string dataDir)
    {
        _process = process;
        DataDir = dataDir;
    }

    public string DataDir { get; }

    public int Pid => _process.Id;

    public Uri GrpcEndpoint { get; private set; } = null!;

    public Uri HttpEndpoint { get; private set; } = null!;

    /// <summary>Where the dashboard listens; null when it is off.</summary>
    public Uri? UiEndpoint { get; private set; }

    /// <summary>Where the Prometheus endpoint listens; null when it is off.</summary>
    public Uri? MetricsEndpoint { get; private set; }

    public bool HasExited => _process.HasExited;

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    /// <summary>Path of codex-otel.dll, copied next to the test assembly by the project reference.</summary>
    public static string ExecutablePath
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "codex-otel.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the test project");
        }
    }

    /// <summary>
    /// Starts <c>serve --data DIR --grpc 127.0.0.1:0 --http 127.0.0.1:0</c> plus <paramref name="extraArgs"/>, and the
    /// dashboard and metrics on free ports too unless <paramref name="extraArgs"/> places them.
    /// </summary>
    public static Task<ServerProcess> StartAsync(string dataDir, params string[] extraArgs) =>
        StartAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [ExecutablePath], dataDir, extraArgs);

    /// <summary>The same with another build of codex-otel, e.g. a Native AOT executable.</summary>
    public static Task<ServerProcess> StartExecutableAsync(string executable, string dataDir, params string[] extraArgs) =>
        StartAsync(executable, [], dataDir, extraArgs);

    private static async Task<ServerProcess> StartAsync(string fileName, string[] leadingArgs, string dataDir, string[] extraArgs)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] listeners = [.. new[] { "--ui", "--metrics" }.Where(flag => !extraArgs.Contains(flag)).SelectMany(flag => new[] { flag, "127.0.0.1:0" })];
        foreach (var arg in (string[])[.. leadingArgs, "serve", "--data", dataDir, "--grpc", "127.0.0.1:0", "--http", "127.0.0.1:0", .. listeners, .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, dataDir);
        process.OutputDataReceived += (_, e) => Append(server._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(server._stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Waits up to 5 s for <paramref name="text"/> on stdout, e.g. the banner's "Ready in".</summary>
    public async Task WaitForStdoutAsync(string text)
    {
        for (var i = 0; i < 100 && !Stdout.Contains(text, StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(Stdout.Contains(text, StringComparison.Ordinal), $"no \"{text}\" on stdout\n{this}");
    }

    /// <summary>SIGKILL for the whole process tree: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then waits for a graceful exit; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            if (OperatingSystem.IsWindows())
            {
                _process.Kill();
            }
            else if (Posix.Kill(_process.Id, Posix.SigTerm) != 0)
            {
                throw new InvalidOperationException($"kill -TERM {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"codex-otel did not exit after SIGTERM.\n{Stdout}\n{Stderr}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public override string ToString() => $"codex-otel pid {_process.Id}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    private async Task WaitUntilReadyAsync()
    {
        var path = Path.Combine(DataDir, "serve.json");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"codex-otel serve exited with {_process.ExitCode} before it was ready.\n{this}");
            }

            // A serve.json left by an earlier, killed process names another pid: keep waiting for ours.
            if (TryReadState(path) is { } state && (int?)state["pid"] == _process.Id)
            {
                var scheme = state["tlsCertificate"] is null ? "http" : "https";
                GrpcEndpoint = new Uri($"{scheme}://{(string)state["grpc"]!}");
                HttpEndpoint = new Uri($"{scheme}://{(string)state["http"]!}");
                UiEndpoint = state["listeners"]?["ui"] is { } ui ? new Uri($"{scheme}://{(string)ui!}") : null;
                MetricsEndpoint = state["listeners"]?["metrics"] is { } metrics ? new Uri($"{scheme}://{(string)metrics!}") : null;
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no serve.json for pid {_process.Id} within {StartTimeout}.\n{this}");
    }

    private static JsonNode? TryReadState(string path)
    {
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return null; // being replaced right now
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static class Posix
    {
        public const int SigTerm = 15;

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}
