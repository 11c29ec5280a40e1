using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>
/// A real Prometheus (Debian's <c>/usr/bin/prometheus</c>) scraping one target every second, with its storage in a
/// temp folder, on a free loopback port; PromQL through its HTTP API.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly TempDirectory _folder;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http = new();

    private PrometheusServer(Process process, TempDirectory folder, Uri endpoint)
    {
        _process = process;
        _folder = folder;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts it scraping <paramref name="target"/> (host:port, path /metrics), with a bearer token when given.</summary>
    public static async Task<PrometheusServer> StartAsync(string target, string? bearer = null)
    {
        var folder = new TempDirectory("prometheus");
        var config = Path.Combine(folder.Path, "prometheus.yml");
        var authorization = bearer is null ? "" : $"\n    authorization:\n      type: Bearer\n      credentials: \"{bearer}\"";
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: codex-otel
                static_configs:
                  - targets: ["{target}"]{authorization}

            """);
        var port = FreePort();
        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { $"--config.file={config}", $"--storage.tsdb.path={folder.Sub("data")}", $"--web.listen-address=127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>An instant query's first sample value, or null when it returns no series.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        var json = await _http.GetStringAsync(new Uri(Endpoint, $"/api/v1/query?query={Uri.EscapeDataString(promql)}"));
        var answer = JsonNode.Parse(json)!;
        Assert.True((string?)answer["status"] == "success", $"{promql}: {json}");
        var result = answer["data"]!["result"]!.AsArray();
        return result.Count == 0 ? null : double.Parse((string)result[0]!["value"]![1]!, CultureInfo.InvariantCulture);
    }

    /// <summary>Queries every 500 ms until the value satisfies <paramref name="done"/> (30 s at most).</summary>
    public async Task<double?> WaitForAsync(string promql, Func<double, bool> done)
    {
        double? value = null;
        for (var i = 0; i < 60; i++)
        {
            value = await QueryAsync(promql);
            if (value is { } v && done(v))
            {
                return value;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"{promql} = {value?.ToString(CultureInfo.InvariantCulture) ?? "no data"}; Prometheus log:\n{Log}");
        return value;
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
        _folder.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var ready = await _http.GetAsync(new Uri(Endpoint, "/-/ready"));
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Assert.False(_process.HasExited, $"prometheus exited:\n{Log}");
            await Task.Delay(100);
        }

        Assert.Fail($"prometheus was not ready in 10 s:\n{Log}");
    }
}
