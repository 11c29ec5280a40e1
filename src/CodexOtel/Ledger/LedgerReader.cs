using System.Text;
using CodexOtel.Otlp;
using ZstdSharp;

namespace CodexOtel.Ledger;

/// <summary>
/// Reads a signal's stream as one sequence of lines across rotated, compressed and active segments, oldest first.
/// Of the active segment it reads only what the chain covers: lines that are durable.
/// </summary>
public static class LedgerReader
{
    /// <summary>Every durable line of a signal, in the order it was written.</summary>
    public static IEnumerable<string> ReadLines(string dataDir, Signal signal)
    {
        foreach (var segment in LedgerSegment.List(dataDir, signal))
        {
            foreach (var line in ReadLines(segment))
            {
                yield return line;
            }
        }
    }

    /// <summary>The durable lines of one segment.</summary>
    public static IEnumerable<string> ReadLines(LedgerSegment segment)
    {
        using var stream = OpenData(segment);
        if (stream is null)
        {
            yield break;
        }

        using var reader = new StreamReader(stream, new UTF8Encoding(false), false, 1 << 16);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    /// <summary>The segment's bytes up to its durable end; null when the file is gone.</summary>
    public static Stream? OpenData(LedgerSegment segment)
    {
        if (!File.Exists(segment.DataPath))
        {
            return null;
        }

        var file = new FileStream(segment.DataPath, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
        if (segment.IsCompressed)
        {
            return new DecompressionStream(file, leaveOpen: false);
        }

        var durable = DurableEnd(segment);
        return durable < file.Length ? new BoundedStream(file, durable) : file;
    }

    /// <summary>The end offset of the last chained line, read from the chain's last entry.</summary>
    public static long DurableEnd(LedgerSegment segment) =>
        ChainFile.ReadEntry(segment.ChainPath, last: true)?.EndOffset ?? 0;
}
