using System.Diagnostics;
using System.Globalization;
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
/// A real Prometheus (Debian's <c>/usr/bin/prometheus</c>) scraping one target every second, with its storage in a
/// temp folder, on a free loopback port; PromQL through its HTTP API.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    /// <summary>Beside prometheus, as the Debian package installs them.</summary>
    public const string Promtool = "/usr/bin/promtool";

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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts it scraping <paramref name="target"/> (host:port, path /metrics), with a bearer token when given.</summary>
    public static Task<PrometheusServer> StartAsync(string target, string? bearer = null)
    {
        var authorization = bearer is null ? "" : $"\n    authorization:\n      type: Bearer\n      credentials: \"{bearer}\"";
        return StartWithConfigAsync($"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: codex-otel
                static_configs:
                  - targets: ["{target}"]{authorization}

            """);
    }

    /// <summary>Starts it with <paramref name="configYaml"/> as its prometheus.yml, e.g. the one deploy/ ships.</summary>
    public static async Task<PrometheusServer> StartWithConfigAsync(string configYaml)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: apt-get install prometheus (.ci/run does)");
        var folder = new TempDirectory("prometheus");
        var config = Path.Combine(folder.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, configYaml);
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

    /// <summary>An instant query's first sample value, or null when it returns no series.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        var answer = await EvaluateAsync(promql);
        Assert.True(answer.IsSuccess, $"{promql}: {answer}");
        return answer.Result.Count == 0 ? null : double.Parse((string)answer.Result[0]!["value"]![1]!, CultureInfo.InvariantCulture);
    }

    /// <summary>An instant query (POST <c>/api/v1/query</c>, for long expressions); a PromQL error is a result, not a failure.</summary>
    public async Task<PromQueryResult> EvaluateAsync(string promql)
    {
        using var form = new FormUrlEncodedContent([KeyValuePair.Create("query", promql)]);
        using var response = await _http.PostAsync(new Uri(Endpoint, "/api/v1/query"), form);
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
        var url = new Uri(Endpoint, $"/api/v1/label/{Uri.EscapeDataString(label)}/values?match[]={Uri.EscapeDataString(match)}");
        var body = JsonNode.Parse(await _http.GetStringAsync(url))!;
        return [.. body["data"]!.AsArray().Select(v => (string)v!)];
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

    public override string ToString() => $"prometheus on {Endpoint}\n{Log}";

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
