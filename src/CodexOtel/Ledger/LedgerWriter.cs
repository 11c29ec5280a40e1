using CodexOtel.Otlp;

namespace CodexOtel.Ledger;

/// <summary>
/// The only write path of a data folder: one <see cref="SignalWriter"/> per signal, behind a lock that keeps a
/// second recorder out of the same folder.
/// </summary>
public sealed class LedgerWriter : IAsyncDisposable
{
    public const string LockFileName = "serve.lock";

    private readonly FileStream _lock;
    private readonly SegmentCompressor _compressor;
    private readonly SignalWriter[] _writers;

    private LedgerWriter(FileStream lockFile, SegmentCompressor compressor, SignalWriter[] writers)
    {
        _lock = lockFile;
        _compressor = compressor;
        _writers = writers;
    }

    /// <summary>Opens the folder for appending, recovering from any crash first.</summary>
    /// <exception cref="LedgerLockedException">another recorder writes to this folder</exception>
    public static LedgerWriter Open(DataDirectory folder, LedgerOptions options, ILogger log, ILedgerObserver? observer = null)
    {
        var lockFile = AcquireLock(folder);
        var compressor = new SegmentCompressor(log);
        try
        {
            var writers = SignalNames.All
                .Select(signal => new SignalWriter(folder.Path, signal, options, compressor, log, observer))
                .ToArray();
            return new LedgerWriter(lockFile, compressor, writers);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Appends the lines; completes once they are durable.</summary>
    public Task AppendAsync(Signal signal, EncodedBatch batch) => _writers[(int)signal].AppendAsync(batch);

    /// <summary>Chains a record (a prune record) with an entry of its own; completes once that entry is durable.</summary>
    public Task AppendRecordAsync(Signal signal, byte[] record) => _writers[(int)signal].AppendRecordAsync(record);

    /// <summary>Wakes readers of a signal in this process each time more of it is durable.</summary>
    public CommitSignal Commits(Signal signal) => _writers[(int)signal].Commits;

    /// <summary>How much of the active segment of a signal is durable.</summary>
    public long DurableLength(Signal signal) => _writers[(int)signal].DurableLength;

    public async ValueTask DisposeAsync()
    {
        foreach (var writer in _writers)
        {
            writer.Dispose();
        }

        await _compressor.DisposeAsync().ConfigureAwait(false);
        await _lock.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Whether a recorder is writing to the folder now.</summary>
    public static bool IsLocked(string folder) => FolderLock.IsHeld(folder, LockFileName);

    private static FileStream AcquireLock(DataDirectory folder) =>
        FolderLock.TryAcquire(folder, LockFileName) ?? throw new LedgerLockedException(folder.Path);
}

/// <summary>Another recorder holds the folder.</summary>
public sealed class LedgerLockedException(string folder)
    : Exception($"another codex-otel serve is already recording to {folder}")
{
    public string Folder { get; } = folder;
}
