using System.Collections.Concurrent;
using OpenTelemetry.Proto.Collector.Logs.V1;

namespace CodexOtel.Indexing;

/// <summary>
/// What a writer of the ledger in this process (an import) tells an indexer following it: the lines it is about to
/// write with the export requests it already decoded them into, when they are durable, and when it has finished. The indexer works beside
/// the writer instead of starting after it, and takes a line's request from here instead of decoding the line again
/// (it still reads every line from the ledger: what it indexes is what the ledger holds).
/// </summary>
public sealed class WriterProgress
{
    // Never disposed: nothing asks for their wait handles, and a send finishing after a failed import may signal late.
    private readonly SemaphoreSlim _written = new(0);
    private readonly SemaphoreSlim _taken = new(0);
    private readonly ConcurrentDictionary<byte[], ExportLogsServiceRequest> _decoded = new(LineComparer.Instance);
    private long _pendingBytes;
    private volatile bool _finished;

    /// <summary>Bytes of lines handed over and not yet indexed.</summary>
    public long PendingBytes => Interlocked.Read(ref _pendingBytes);

    /// <summary>
    /// Lines the writer is about to write, each exactly as given, with the request it decodes to. Handed over before
    /// they are written, so that the indexer never reads one of them before it is here.
    /// </summary>
    public void WillWrite(IEnumerable<(byte[] Line, ExportLogsServiceRequest Request)> lines)
    {
        foreach (var (line, request) in lines)
        {
            if (_decoded.TryAdd(line, request))
            {
                Interlocked.Add(ref _pendingBytes, line.Length);
            }
        }
    }

    /// <summary>What the writer wrote so far is durable.</summary>
    public void Wrote() => _written.Release();

    /// <summary>The writer has written its last line (durable).</summary>
    public void Finished()
    {
        _finished = true;
        _written.Release();
    }

    /// <summary>The request a line read from the ledger was decoded into by the writer; null when it did not hand it over.</summary>
    public ExportLogsServiceRequest? Take(byte[] line)
    {
        if (!_decoded.TryRemove(line, out var request))
        {
            return null;
        }

        Interlocked.Add(ref _pendingBytes, -line.Length);
        _taken.Release();
        return request;
    }

    /// <summary>Completes when the indexer has taken some of the lines handed over.</summary>
    public Task WaitForIndexingAsync(CancellationToken cancellationToken) => _taken.WaitAsync(cancellationToken);

    /// <summary>
    /// Waits until the writer has made more lines durable or finished; false once it has finished and nothing was
    /// signalled since the last wait (the caller has then read everything it wrote).
    /// </summary>
    public bool WaitForMore(CancellationToken cancellationToken)
    {
        if (_finished && _written.CurrentCount == 0)
        {
            return false;
        }

        _written.Wait(cancellationToken);
        // One read covers every signal that arrived meanwhile.
        while (_written.Wait(0))
        {
        }

        return true;
    }

    private sealed class LineComparer : IEqualityComparer<byte[]>
    {
        public static readonly LineComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] line)
        {
            var hash = new HashCode();
            hash.AddBytes(line);
            return hash.ToHashCode();
        }
    }
}
