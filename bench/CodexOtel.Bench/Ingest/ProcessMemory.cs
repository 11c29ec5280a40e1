using System.Globalization;

namespace CodexOtel.Bench.Ingest;

/// <summary>Resident memory of a Linux process from /proc/PID/status: current (VmRSS) and peak (VmHWM), in bytes.</summary>
internal static class ProcessMemory
{
    public static (long Rss, long Peak)? Read(int pid)
    {
        try
        {
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line);
                }
            }

            return (rss, peak);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line)
    {
        var value = line.AsSpan(6).Trim();
        var space = value.IndexOf(' ');
        return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture) * 1024;
    }
}
