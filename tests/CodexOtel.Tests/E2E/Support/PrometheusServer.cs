using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>The outcome of a PromQL query through Prometheus' HTTP API: an error, or a result with this many series.</summary>
public sealed record PromQueryResult(string Status, string? Error, string? ResultType, JsonArray Result)
{
    public bool IsSuccess => Status == "success";

    /// <summary>Whether the result holds any sample: a series of a vector or matrix, or a scalar.</summary>
    public bool HasData => ResultType == "scalar" || Result.Count > 0;

    public override string ToString() => IsSuccess ? $"{ResultType} with {Result.Count} series: {Result.ToJsonString()}" : $"error: {Error}";
}

/// <summary>
/// A real Prometheus (the Debian package's <c>/usr/bin/prometheus</c>) on a free loopback port, with the given config
/// and a fresh TSDB in a temp folder, both deleted on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly TempDirectory _dir;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private PrometheusServer(Process process, TempDirectory dir, Uri baseUrl)
    {
        _process = process;
        _dir = dir;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static string Executable => "/usr/bin/prometheus";

    /// <summary>Where promtool is: beside prometheus, as the Debian package installs them.</summary>
    public static string Promtool => "/usr/bin/promtool";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts Prometheus with <paramref name="configYaml"/> and waits until /-/ready answers 200.</summary>
    public static async Task<PrometheusServer> StartAsync(string configYaml)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: apt-get install prometheus (.ci/run does)");
        var dir = new TempDirectory("prometheus");
        var config = System.IO.Path.Combine(dir.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, configYaml);
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                $"--config.file={config}",
                $"--storage.tsdb.path={dir.Sub("tsdb")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            },
        };
        var process = new Process { StartInfo = start };
        var server = new PrometheusServer(process, dir, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
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

    /// <summary>An instant query (<c>/api/v1/query</c>); a PromQL error comes back as a result, not an exception.</summary>
    public async Task<PromQueryResult> QueryAsync(string promql)
    {
        using var form = new FormUrlEncodedContent([KeyValuePair.Create("query", promql)]);
        using var response = await _http.PostAsync(new Uri(BaseUrl, "api/v1/query"), form);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return new PromQueryResult(
            (string)body["status"]!,
            (string?)body["error"],
            (string?)body["data"]?["resultType"],
            body["data"]?["result"] as JsonArray ?? []);
    }

    /// <summary>The values of <paramref name="label"/> on series that match <paramref name="match"/> (Grafana's label_values()).</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string label, string match)
    {
        var url = new Uri(BaseUrl, $"api/v1/label/{Uri.EscapeDataString(label)}/values?match[]={Uri.EscapeDataString(match)}");
        var body = JsonNode.Parse(await _http.GetStringAsync(url))!;
        return [.. body["data"]!.AsArray().Select(v => (string)v!)];
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
        _dir.Dispose();
    }

    public override string ToString() => $"prometheus pid {_process.Id} on {BaseUrl}\n{Output}";

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode} before it was ready.\n{Output}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri(BaseUrl, "-/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"prometheus was not ready within {StartTimeout}.\n{this}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    // Prometheus takes an address, not port 0: take a free port from the kernel and hand it over (a race other
    // processes on this machine could only win by binding that very port in between).
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
