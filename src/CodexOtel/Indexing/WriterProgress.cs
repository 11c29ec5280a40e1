using System.Collections.Concurrent;
using CodexOtel.Ledger;

namespace CodexOtel.Indexing;

/// <summary>
/// What a writer of the ledger in this process (an import) tells an indexer following it: the lines it is about to
/// write with the events it already read from them, when they are durable, and when it has finished. The indexer works
/// beside the writer instead of starting after it, and takes a line's events from here instead of reading the line
/// again. It still reads every line from the ledger, and takes the events only for a line of the same length and
/// XXH128 as the one handed over: what it indexes is what the ledger holds. Holding a hash, not the line, lets the
/// line go as soon as it is written.
/// </summary>
public sealed class WriterProgress
{
    // Never disposed: nothing asks for their wait handles, and a send finishing after a failed import may signal late.
    private readonly SemaphoreSlim _written = new(0);
    private readonly SemaphoreSlim _taken = new(0);
    // In the order the writer writes them, which is the order the indexer reads them in.
    private readonly ConcurrentQueue<(int Length, UInt128 Hash, LineEvents Events)> _handedOver = new();
    private long _pendingBytes;
    private volatile bool _finished;

    /// <summary>Bytes of lines handed over and not yet indexed.</summary>
    public long PendingBytes => Interlocked.Read(ref _pendingBytes);

    /// <summary>
    /// Lines the writer is about to write, each by its length and <see cref="LineHash"/> (the writer has one already),
    /// with its events. Handed over before they are written, so that the indexer never reads one of them before it is here.
    /// </summary>
    public void WillWrite(IEnumerable<(int Length, UInt128 Hash, LineEvents Events)> lines)
    {
        foreach (var line in lines)
        {
            _handedOver.Enqueue(line);
            Interlocked.Add(ref _pendingBytes, line.Length);
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

    /// <summary>
    /// The events the writer read from the line the indexer read next from the ledger; null when it did not hand
    /// them over (the next line handed over is another). Called by one indexer, in ledger order.
    /// </summary>
    public LineEvents? Take(ReadOnlySpan<byte> line)
    {
        if (!_handedOver.TryPeek(out var next) || next.Length != line.Length || next.Hash != LineHash.Of(line))
        {
            return null;
        }

        _handedOver.TryDequeue(out _);
        Interlocked.Add(ref _pendingBytes, -line.Length);
        _taken.Release();
        return next.Events;
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
}
