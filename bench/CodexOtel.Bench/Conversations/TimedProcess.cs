using System.Diagnostics;
using System.Globalization;
using CodexOtel.Bench.Ingest;

namespace CodexOtel.Bench.Conversations;

/// <summary>One run of a command as its own process: wall time, peak RSS, CPU time, exit code.</summary>
internal sealed record Measurement(TimeSpan Wall, long PeakRss, TimeSpan Cpu, int ExitCode);

/// <summary>
/// Runs a command as a whole process and measures it. Wall time: spawn → exit, with its output drained into a file.
/// Peak RSS and CPU: from the kernel's accounting of the child (<c>wait4</c> rusage: <c>ru_maxrss</c>,
/// <c>ru_utime</c> + <c>ru_stime</c>) as GNU <c>/usr/bin/time</c> reports it. (The bench cannot wait4 its children
/// itself: a child forked from this large process starts with its RSS, which <c>ru_maxrss</c> would count.) Without
/// <c>/usr/bin/time</c>, VmHWM from /proc is sampled every millisecond instead (a last-millisecond peak can be missed).
/// </summary>
internal sealed class TimedProcess(string workDir, IReadOnlyDictionary<string, string?> environment)
{
    private const string GnuTime = "/usr/bin/time";

    public static bool HasGnuTime { get; } = File.Exists(GnuTime);

    public async Task<Measurement> RunAsync(string executable, IReadOnlyList<string> arguments, string outputPath, CancellationToken cancellationToken)
    {
        var statsPath = Path.Combine(workDir, "time.txt");
        File.Delete(statsPath);
        var info = new ProcessStartInfo(HasGnuTime ? GnuTime : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        if (HasGnuTime)
        {
            foreach (var argument in new[] { "-f", "%M %U %S", "-o", statsPath, executable })
            {
                info.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        await using var output = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: false);
        var errorPath = outputPath + ".err";
        await using var error = new FileStream(errorPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: false);
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        process.StandardInput.Close();
        await using var sampler = HasGnuTime ? null : new RssSampler(process.Id, TimeSpan.FromMilliseconds(1));
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        var copyErr = process.StandardError.BaseStream.CopyToAsync(error, cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(copyOut, copyErr).ConfigureAwait(false);
        var wall = Stopwatch.GetElapsedTime(started);

        if (!HasGnuTime)
        {
            return new Measurement(wall, sampler!.PeakRss, TimeSpan.Zero, process.ExitCode);
        }

        // "%M %U %S": peak RSS in KiB, user and system seconds; GNU time writes "Command exited with non-zero status N" before it.
        var stats = File.ReadLines(statsPath).Last().Split(' ');
        var peak = long.Parse(stats[0], CultureInfo.InvariantCulture) * 1024;
        var cpu = double.Parse(stats[1], CultureInfo.InvariantCulture) + double.Parse(stats[2], CultureInfo.InvariantCulture);
        return new Measurement(wall, peak, TimeSpan.FromSeconds(cpu), process.ExitCode);
    }
}
