using System.Diagnostics;

namespace CodexOtel.Bench.Ingest;

/// <summary>
/// Optional CPU profile of a server over the measured window with Linux <c>perf</c> (the server runs with
/// DOTNET_PerfMapEnabled=1 so JIT-compiled methods have names). Leaves NAME.data and a flat NAME.txt report
/// (self time by symbol) in the chosen folder.
/// </summary>
internal sealed class PerfRecorder
{
    private const int Sigint = 2;

    private readonly Process _perf;
    private readonly string _data;

    private PerfRecorder(Process perf, string data)
    {
        _perf = perf;
        _data = data;
    }

    public static IReadOnlyDictionary<string, string> ServerEnvironment { get; } = new Dictionary<string, string>
    {
        ["DOTNET_PerfMapEnabled"] = "1",

        // Without this, JIT code runs from a double-mapped memfd that perf cannot match with the perf map.
        ["DOTNET_EnableWriteXorExecute"] = "0",
    };

    public static PerfRecorder Start(int pid, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var data = Path.Combine(folder, name + ".data");
        var info = new ProcessStartInfo("perf") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "record", "-F", "499", "-g", "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", data })
        {
            info.ArgumentList.Add(argument);
        }

        var perf = Process.Start(info) ?? throw new InvalidOperationException("could not start perf");
        perf.OutputDataReceived += (_, _) => { };
        perf.ErrorDataReceived += (_, _) => { };
        perf.BeginOutputReadLine();
        perf.BeginErrorReadLine();
        return new PerfRecorder(perf, data);
    }

    /// <summary>Stops recording and writes the flat report; returns its path.</summary>
    public async Task<string> StopAsync()
    {
        _ = ServerProcess.Kill(_perf.Id, Sigint);
        await _perf.WaitForExitAsync();
        var report = Path.ChangeExtension(_data, ".txt");
        var info = new ProcessStartInfo("perf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var byThread = await ReportAsync("--sort", "comm");
        var byComponent = Summarize(await ReportAsync("--sort", "dso,symbol"));
        var bySymbol = await ReportAsync("--sort", "dso,symbol", "--percent-limit", "0.3");
        await File.WriteAllTextAsync(report, $"# by thread\n{byThread}\n\n# by component (managed code by assembly)\n{byComponent}\n\n# by symbol\n{bySymbol}\n");
        return report;
    }

    /// <summary>Self time grouped by native library, or by assembly for JIT-compiled code (from the perf map names).</summary>
    private static string Summarize(string report)
    {
        var totals = new Dictionary<string, double>();
        foreach (var line in report.Split('\n'))
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, @"^\s*([\d.]+)%\s+(.+?)\s+\[[.k]\]\s+(.*)$");
            if (!match.Success)
            {
                continue;
            }

            var dso = match.Groups[2].Value.Trim();
            var symbol = match.Groups[3].Value;
            var component = dso.StartsWith("[JIT]", StringComparison.Ordinal) || dso.EndsWith(".dll", StringComparison.Ordinal)
                ? System.Text.RegularExpressions.Regex.Match(symbol, @"\[([A-Za-z][\w.\-]*)\]") is { Success: true } assembly ? "managed: " + assembly.Groups[1].Value : "managed: ?"
                : dso;
            totals[component] = totals.GetValueOrDefault(component) + double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return string.Join('\n', totals.OrderByDescending(t => t.Value).Select(t => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{t.Value,7:0.00}%  {t.Key}")));
    }

    private async Task<string> ReportAsync(params string[] sort)
    {
        var info = new ProcessStartInfo("perf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "report", "-i", _data, "--stdio", "--no-children", "-g", "none" }.Concat(sort))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start perf report");
        var text = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return string.Join('\n', (await text).Split('\n').Where(line => line.Length > 0 && !line.StartsWith('#')));
    }
}
