using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CodexOtel.Bench.Ingest;

/// <summary>
/// A server under test in its own process: started with a clean environment (no CODEX_OTEL_* variables, an empty
/// config home), its output kept for error reports, stopped with SIGTERM so it shuts down as a user's would.
/// </summary>
internal sealed partial class ServerProcess : IDisposable
{
    private const int Sigterm = 15;
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private ServerProcess(Process process, long spawned)
    {
        _process = process;
        Spawned = spawned;
    }

    /// <summary>Stopwatch timestamp taken just before the process was spawned.</summary>
    public long Spawned { get; }

    public Process Process => _process;

    public int Id => _process.Id;

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public string OutputTail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    public static ServerProcess Start(ServerLaunch launch, string configHome, IReadOnlyDictionary<string, string> extraEnvironment)
    {
        var info = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in launch.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("CODEX_OTEL_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["XDG_CONFIG_HOME"] = configHome;
        foreach (var (name, value) in launch.Environment.Concat(extraEnvironment))
        {
            info.Environment[name] = value;
        }

        var spawned = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {launch.FileName}");
        var server = new ServerProcess(process, spawned);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Sends SIGTERM and waits for a clean exit; kills the process if it does not stop in time.</summary>
    /// <returns>the exit code, or null when it had to be killed</returns>
    public async Task<int?> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, Sigterm);
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
            return null;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    /// <summary>kill(2): sends <paramref name="signal"/> to a process.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }
}
