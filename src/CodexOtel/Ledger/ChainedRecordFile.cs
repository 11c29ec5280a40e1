namespace CodexOtel.Ledger;

/// <summary>
/// A file of JSON lines whose every line a chain entry hashes instead of a ledger line (recovery and prune records):
/// read with the exact bytes of each line, appended durably before the entry that names the line is written.
/// </summary>
internal static class ChainedRecordFile
{
    /// <summary>The file's complete lines that parse, oldest first, each with its bytes.</summary>
    public static List<(byte[] Line, T Record)> ReadAll<T>(string path, Func<byte[], T?> parse)
        where T : class
    {
        var result = new List<(byte[], T)>();
        if (!File.Exists(path))
        {
            return result;
        }

        using var file = new FileStream(path, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read));
        using var reader = new LineReader(file);
        while (reader.Next() is { Complete: true } line)
        {
            if (parse(line.Bytes) is { } record)
            {
                result.Add((line.Bytes, record));
            }
        }

        return result;
    }

    /// <summary>Appends the line and syncs it: it must be durable before the chain entry that names it.</summary>
    public static void Append(string path, byte[] line)
    {
        using var file = new FileStream(path, DataDirectory.PrivateFile(FileMode.Append, FileAccess.Write));
        file.Write(line);
        file.WriteByte((byte)'\n');
        file.Flush(flushToDisk: true);
    }
}
