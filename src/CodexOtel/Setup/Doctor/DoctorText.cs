using System.Globalization;

namespace CodexOtel.Setup;

/// <summary>How doctor words lists, ages, sizes and modes.</summary>
internal static class DoctorText
{
    public static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1],
        };
    }

    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var span = now - then;
        return span < TimeSpan.Zero ? $"{Span(-span)} in the future" : span < TimeSpan.FromSeconds(5) ? "just now" : $"{Span(span)} ago";
    }

    public static string Span(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => $"{span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        < 60 => $"{(int)span.TotalSeconds} s",
        < 3600 => $"{(int)span.TotalMinutes} min",
        < 172800 => $"{(int)span.TotalHours} h",
        _ => $"{(int)span.TotalDays} days",
    };

    public static string Bytes(long bytes) => bytes switch
    {
        < 1L << 20 => $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KB",
        < 1L << 30 => $"{(bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture)} MB",
        _ => $"{(bytes / 1073741824.0).ToString("0.#", CultureInfo.InvariantCulture)} GB",
    };

    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);

    public static string OneLine(string text, int width)
    {
        var flat = string.Join(' ', text.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return flat.Length <= width ? flat : flat[..(width - 1)] + "…";
    }

    public static string ShortId(string id) => id.Length <= 12 ? id : id[..12];

    /// <summary>The port of HOST:PORT, or -1.</summary>
    public static int Port(string hostPort) =>
        int.TryParse(hostPort.AsSpan(hostPort.LastIndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : -1;
}
