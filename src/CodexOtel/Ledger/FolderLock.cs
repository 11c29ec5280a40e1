namespace CodexOtel.Ledger;

/// <summary>
/// An exclusive lock file in a data folder (serve.lock, index.lock, import.lock): held by one process at a time and
/// released by the OS when that process dies.
/// </summary>
public static class FolderLock
{
    /// <summary>The open lock file, or null when another process holds it.</summary>
    public static FileStream? TryAcquire(DataDirectory folder, string name)
    {
        var options = DataDirectory.PrivateFile(FileMode.OpenOrCreate, FileAccess.ReadWrite);
        options.Share = FileShare.None;
        try
        {
            return new FileStream(folder.PathOf(name), options);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Whether a process holds the lock now (without creating the file).</summary>
    public static bool IsHeld(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
