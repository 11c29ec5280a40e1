using System.Globalization;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>Memory of a process as Linux reports it in /proc/PID/status.</summary>
public static class ProcStatus
{
    public static long ResidentBytes(int pid) => Field(pid, "VmRSS:");

    /// <summary>The most the process has held resident since it started (VmHWM).</summary>
    public static long PeakResidentBytes(int pid) => Field(pid, "VmHWM:");

    private static long Field(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
