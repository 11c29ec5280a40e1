using CodexOtel.Ledger;

namespace CodexOtel.Indexing;

/// <summary>
/// <c>index.lock</c> in the data folder: held by the one process that writes the index (<c>serve</c> while it runs,
/// else a CLI command catching up). The OS releases it when the process dies.
/// </summary>
public sealed class IndexLock : IDisposable
{
    public const string FileName = "index.lock";

    private readonly FileStream _file;

    private IndexLock(FileStream file) => _file = file;

    /// <summary>The lock, or null when another process holds it.</summary>
    public static IndexLock? TryAcquire(string dataDir)
    {
        var folder = DataDirectory.OpenForWriting(dataDir);
        var options = DataDirectory.PrivateFile(FileMode.OpenOrCreate, FileAccess.ReadWrite);
        options.Share = FileShare.None;
        try
        {
            return new IndexLock(new FileStream(folder.PathOf(FileName), options));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
