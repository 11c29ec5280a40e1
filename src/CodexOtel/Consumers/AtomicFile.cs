using CodexOtel.Ledger;

namespace CodexOtel.Consumers;

/// <summary>
/// Replaces a file in the data folder as one step: writes a temporary file (0600), fsyncs it, renames it over the old
/// one and fsyncs the folder, so a crash leaves the old content or the new one, never a torn one.
/// </summary>
public static class AtomicFile
{
    public static void Write(string dataDir, string path, ReadOnlySpan<byte> content)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, DataDirectory.PrivateFile(FileMode.Create, FileAccess.Write)))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(dataDir);
    }
}
