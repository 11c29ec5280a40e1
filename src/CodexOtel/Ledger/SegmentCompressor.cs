using System.Threading.Channels;
using ZstdSharp;

namespace CodexOtel.Ledger;

/// <summary>
/// Compresses rotated segments with zstd in the background. The compressed file is written beside the original as
/// <c>.zst.tmp</c>, synced, renamed into place, and only then is the original deleted, so a crash at any point
/// leaves one complete copy.
/// </summary>
internal sealed class SegmentCompressor : IAsyncDisposable
{
    private const int Level = 3;

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _log;
    private readonly Task _loop;

    public SegmentCompressor(ILogger log)
    {
        _log = log;
        _loop = Task.Run(RunAsync);
    }

    public void Enqueue(string segmentPath) => _queue.Writer.TryWrite(segmentPath);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    public static void Compress(string source)
    {
        var folder = Path.GetDirectoryName(source)!;
        var target = source + ".zst";
        var temporary = target + ".tmp";
        using (var input = new FileStream(source, DataDirectory.PrivateFile(FileMode.Open, FileAccess.Read)))
        using (var output = new FileStream(temporary, DataDirectory.PrivateFile(FileMode.Create, FileAccess.Write)))
        {
            using (var zstd = new CompressionStream(output, Level, leaveOpen: true))
            {
                input.CopyTo(zstd, 1 << 20);
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
                if (File.Exists(path))
                {
                    Compress(path);
                }
            }
            catch (IOException e)
            {
                _log.LogError("Compressing {Segment} failed; it stays uncompressed: {Error}", Path.GetFileName(path), e.Message);
            }
        }
    }
}
