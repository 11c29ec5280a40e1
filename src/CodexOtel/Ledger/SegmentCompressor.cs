using System.Buffers;
using System.Threading.Channels;
using ZstdSharp;

namespace CodexOtel.Ledger;

/// <summary>
/// Compresses rotated segments with zstd in the background. The compressed file is written beside the original as
/// <c>.zst.tmp</c>, synced, renamed into place, and only then is the original deleted, so a crash at any point
/// leaves one complete copy. Compression yields to ingest: it pauses while the ledger is being written to, unless
/// the backlog of uncompressed segments grows large, and catches up when things are quiet. Shutdown does not wait
/// for it: what is left is compressed after the next start.
/// </summary>
internal sealed class SegmentCompressor : IAsyncDisposable
{
    // Level 1 (zstd's "fast" strategy): ~1.3 µs of CPU per Codex span against ~3 µs at level 3 (bench `micro
    // --filter *SegmentCompression*`), which at ingest rates is a core's worth; ledger JSON compresses well either way.
    private const int Level = 1;
    private const int Chunk = 1 << 20;
    private const int MaxBacklog = 8;
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _log;
    private readonly Task _loop;
    private long _lastActivity = Environment.TickCount64;
    private int _backlog;
    private volatile bool _stopping;

    public SegmentCompressor(ILogger log)
    {
        _log = log;
        _loop = Task.Run(RunAsync);
    }

    public void Enqueue(string segmentPath)
    {
        Interlocked.Increment(ref _backlog);
        _queue.Writer.TryWrite(segmentPath);
    }

    /// <summary>Called on every ledger write: compression steps aside while clients are being served.</summary>
    public void NoteActivity() => Volatile.Write(ref _lastActivity, Environment.TickCount64);

    /// <summary>Stops at once; a segment half compressed keeps its original and is compressed again next time.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    /// <summary>Replaces one segment with its compressed file (on this thread; <paramref name="beforeChunk"/> may wait).</summary>
    internal static void Compress(string source, Action beforeChunk)
    {
        var folder = Path.GetDirectoryName(source)!;
        var target = source + ".zst";
        var temporary = target + ".tmp";
        using (var input = new FileStream(source, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read)))
        using (var output = new FileStream(temporary, DataDirectory.PrivateFile(FileMode.Create, FileAccess.Write)))
        {
            using (var zstd = new CompressionStream(output, Level, leaveOpen: true))
            {
                // Pooled: a megabyte allocated afresh for each segment is a large object, and can be what sets off a
                // full collection in the middle of an import.
                var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
                try
                {
                    int read;
                    while (true)
                    {
                        beforeChunk();
                        if ((read = input.Read(buffer, 0, Chunk)) == 0)
                        {
                            break;
                        }

                        zstd.Write(buffer, 0, read);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            output.Flush(flushToDisk: true);
        }

        File.Move(temporary, target);
        DirectorySync.Flush(folder);
        File.Delete(source);
        DirectorySync.Flush(folder);
    }

    private async Task RunAsync()
    {
        await foreach (var path in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (!_stopping && File.Exists(path))
                {
                    Compress(path, WaitForQuiet);
                }
            }
            catch (IOException e)
            {
                _log.LogError("Compressing {Segment} failed; it stays uncompressed: {Error}", Path.GetFileName(path), e.Message);
            }
            catch (OperationCanceledException)
            {
                TryDelete(path + ".zst.tmp");
            }
            finally
            {
                Interlocked.Decrement(ref _backlog);
            }
        }
    }

    private void WaitForQuiet()
    {
        while (Volatile.Read(ref _backlog) < MaxBacklog
            && Environment.TickCount64 - Volatile.Read(ref _lastActivity) < QuietPeriod.TotalMilliseconds)
        {
            ThrowIfStopping();
            Thread.Sleep(Pause);
        }

        ThrowIfStopping();
    }

    private void ThrowIfStopping()
    {
        if (_stopping)
        {
            throw new OperationCanceledException("the recorder is stopping");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Removed at the next start (SegmentRecovery).
        }
    }
}
