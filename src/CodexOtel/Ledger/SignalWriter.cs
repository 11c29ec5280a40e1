using System.Buffers;
using System.Collections.Concurrent;
using CodexOtel.Otlp;

namespace CodexOtel.Ledger;

/// <summary>
/// The single writer of one signal's stream. Callers hand it encoded lines and wait; a dedicated thread appends
/// everything queued, extends the hash chain, fsyncs data and chain once for the whole group, and only then
/// completes the callers. A failed write is cut back, so the files never hold a partial line, and fails the group.
/// </summary>
internal sealed class SignalWriter : IDisposable
{
    private static readonly TimeSpan IdleWake = TimeSpan.FromSeconds(30);

    // A group holds at least one batch, however large: the largest request (20 MiB) grows about threefold as JSON.
    private const long MaxSingleBatchBytes = 64L << 20;

    private readonly BlockingCollection<PendingAppend> _queue = new(new ConcurrentQueue<PendingAppend>());
    private readonly string _folder;
    private readonly Signal _signal;
    private readonly LedgerOptions _options;
    private readonly SegmentCompressor _compressor;
    private readonly ILogger _log;
    private readonly ChainHasher _hasher = new();
    private readonly Thread _thread;
    private FileStream _data;
    private FileStream _chain;
    private ActiveSegmentState _state;
    private DateTime _segmentStarted;
    private bool _needsRepair;
    private long _pendingBytes;

    public SignalWriter(string folder, Signal signal, LedgerOptions options, SegmentCompressor compressor, ILogger log)
    {
        _folder = folder;
        _signal = signal;
        _options = options;
        _compressor = compressor;
        _log = log;

        SegmentRecovery.FinishInterruptedRotations(folder, signal, log);
        var segments = LedgerSegment.List(folder, signal);
        var previous = segments.LastOrDefault(s => !s.IsActive) is { } last
            ? ChainFile.LastHash(last.ChainPath) ?? HashChain.Genesis
            : HashChain.Genesis;
        foreach (var rotated in segments.Where(s => !s.IsActive && !s.IsCompressed))
        {
            _compressor.Enqueue(rotated.DataPath);
        }

        var active = LedgerSegment.Active(folder, signal);
        if (!File.Exists(active.ChainPath) && File.Exists(active.DataPath) && new FileInfo(active.DataPath).Length > 0)
        {
            throw new LedgerDamagedException(
                $"{LedgerSegment.ActiveDataName(signal)} has no hash chain beside it ({Path.GetFileName(active.ChainPath)} is missing). "
                + "Run `codex-otel verify`; move the file aside to start a fresh segment.");
        }

        (_data, _chain) = OpenActive();
        _state = SegmentRecovery.RecoverActive(_data, _chain, previous, options.MaxGroupCommitBytes + MaxSingleBatchBytes, log, LedgerSegment.ActiveDataName(signal));
        _segmentStarted = _state.DataLength == 0 ? DateTime.UtcNow : File.GetCreationTimeUtc(_data.Name);
        _thread = new Thread(Run) { IsBackground = true, Name = $"ledger-{signal.FileStem()}" };
        _thread.Start();
    }

    /// <summary>Bytes of the active segment that are durable and chained: what tailers may read.</summary>
    public long DurableLength => Volatile.Read(ref _state).DataLength;

    /// <summary>Queues a batch; the task completes once it is on disk. Throws when the writer is too far behind.</summary>
    public Task AppendAsync(EncodedBatch batch)
    {
        var pending = Interlocked.Add(ref _pendingBytes, batch.Length);
        if (pending > _options.MaxPendingBytes && pending != batch.Length)
        {
            Interlocked.Add(ref _pendingBytes, -batch.Length);
            throw new LedgerBusyException($"the {_signal.FileStem()} ledger is behind by {pending >> 20} MiB");
        }

        var append = new PendingAppend(batch);
        if (!_queue.TryAdd(append))
        {
            Interlocked.Add(ref _pendingBytes, -batch.Length);
            throw new LedgerUnavailableException("the recorder is shutting down");
        }

        return append.Durable.Task;
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _data.Dispose();
        _chain.Dispose();
        _hasher.Dispose();
        _queue.Dispose();
    }

    private (FileStream Data, FileStream Chain) OpenActive()
    {
        var active = LedgerSegment.Active(_folder, _signal);
        var created = !File.Exists(active.DataPath) || !File.Exists(active.ChainPath);
        var data = new FileStream(active.DataPath, DataDirectory.PrivateFile(FileMode.OpenOrCreate, FileAccess.ReadWrite));
        var chain = new FileStream(active.ChainPath, DataDirectory.PrivateFile(FileMode.OpenOrCreate, FileAccess.ReadWrite));
        if (created)
        {
            DirectorySync.Flush(_folder);
        }

        return (data, chain);
    }

    private void Run()
    {
        var group = new List<PendingAppend>();
        while (!_queue.IsCompleted)
        {
            if (_queue.TryTake(out var first, IdleWake))
            {
                group.Add(first);
                var bytes = first.Batch.Length;
                while (bytes < _options.MaxGroupCommitBytes && _queue.TryTake(out var next))
                {
                    group.Add(next);
                    bytes += next.Batch.Length;
                }

                Commit(group);
                group.Clear();
            }

            RotateIfDue();
        }
    }

    private void Commit(List<PendingAppend> group)
    {
        var state = _state;
        var lineCount = 0;
        foreach (var append in group)
        {
            lineCount += append.Batch.LineCount;
        }

        var chainBytes = ArrayPool<byte>.Shared.Rent(lineCount * HashChain.EntryBytes);
        try
        {
            if (_needsRepair)
            {
                _data.SetLength(state.DataLength);
                _chain.SetLength(state.ChainLength);
                _needsRepair = false;
            }

            var offset = state.DataLength;
            var hash = (byte[])state.LastHash.Clone();
            var next = new byte[HashChain.HashBytes];
            var entry = 0;
            foreach (var append in group)
            {
                var lines = append.Batch.Span;
                RandomAccess.Write(_data.SafeFileHandle, lines, offset);
                while (!lines.IsEmpty)
                {
                    var newline = lines.IndexOf((byte)'\n');
                    _hasher.Next(hash, lines[..newline], next);
                    offset += newline + 1;
                    HashChain.WriteEntry(offset, next, chainBytes.AsSpan(entry++ * HashChain.EntryBytes, HashChain.EntryBytes));
                    (hash, next) = (next, hash);
                    lines = lines[(newline + 1)..];
                }
            }

            var chainLength = lineCount * HashChain.EntryBytes;
            RandomAccess.Write(_chain.SafeFileHandle, chainBytes.AsSpan(0, chainLength), state.ChainLength);
            _data.Flush(flushToDisk: true);
            _chain.Flush(flushToDisk: true);
            Volatile.Write(ref _state, new ActiveSegmentState(offset, state.ChainLength + chainLength, hash));
            Complete(group, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _needsRepair = true;
            TryCutBack(state);
            _log.LogError("Ledger write to {Segment} failed, {Requests} requests refused: {Error}", LedgerSegment.ActiveDataName(_signal), group.Count, e.Message);
            Complete(group, new LedgerUnavailableException($"cannot write the ledger: {e.Message}", e));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chainBytes);
        }
    }

    private void TryCutBack(ActiveSegmentState state)
    {
        try
        {
            _data.SetLength(state.DataLength);
            _chain.SetLength(state.ChainLength);
            _needsRepair = false;
        }
        catch (IOException)
        {
            // Retried before the next write.
        }
    }

    private void Complete(List<PendingAppend> group, Exception? error)
    {
        foreach (var append in group)
        {
            Interlocked.Add(ref _pendingBytes, -append.Batch.Length);
            append.Batch.Dispose();
            if (error is null)
            {
                append.Durable.TrySetResult();
            }
            else
            {
                append.Durable.TrySetException(error);
            }
        }
    }

    private void RotateIfDue()
    {
        var state = _state;
        var now = DateTime.UtcNow;
        var due = state.DataLength >= _options.MaxSegmentBytes
            || (state.DataLength > 0 && now - _segmentStarted >= _options.MaxSegmentAge);
        if (!due || _needsRepair)
        {
            return;
        }

        try
        {
            Rotate(now);
        }
        catch (IOException e)
        {
            _log.LogError("Rotating {Segment} failed, will retry: {Error}", LedgerSegment.ActiveDataName(_signal), e.Message);
        }
    }

    private void Rotate(DateTime now)
    {
        var rotated = LedgerSegment.RotatedDataPath(_folder, _signal, now);
        while (File.Exists(rotated) || File.Exists(rotated + ".zst"))
        {
            now = now.AddMilliseconds(1);
            rotated = LedgerSegment.RotatedDataPath(_folder, _signal, now);
        }

        _data.Dispose();
        _chain.Dispose();
        var active = LedgerSegment.Active(_folder, _signal);

        // Chain first: recovery recognises a rotated chain without data and finishes the move.
        File.Move(active.ChainPath, LedgerSegment.ChainPathOf(rotated));
        File.Move(active.DataPath, rotated);
        DirectorySync.Flush(_folder);

        (_data, _chain) = OpenActive();
        Volatile.Write(ref _state, new ActiveSegmentState(0, 0, _state.LastHash));
        _segmentStarted = now;
        _log.LogInformation("Rotated {Segment} to {Rotated}", LedgerSegment.ActiveDataName(_signal), Path.GetFileName(rotated));
        if (_options.CompressRotated)
        {
            _compressor.Enqueue(rotated);
        }
    }
}
