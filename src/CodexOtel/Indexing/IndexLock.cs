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
    public static IndexLock? TryAcquire(string dataDir) =>
        FolderLock.TryAcquire(DataDirectory.OpenForWriting(dataDir), FileName) is { } file ? new IndexLock(file) : null;

    public void Dispose() => _file.Dispose();
}
