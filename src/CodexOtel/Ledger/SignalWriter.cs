using System.Buffers;
using System.Collections.Concurrent;
using CodexOtel.Otlp;

namespace CodexOtel.Ledger;

/// <summary>
/// The single writer of one signal's stream. Callers hand it encoded lines and wait. A writer thread appends everything
/// queued as one group and extends the hash chain; a syncer thread fsyncs data and chain for all groups written so
/// far and only then completes their callers, while the writer already appends the next group. A failed write or
/// sync is cut back to the last synced line, so the files never hold a partial line, and its callers are refused.
/// </summary>
internal sealed class SignalWriter : IDisposable
{
    private static readonly TimeSpan IdleWake = TimeSpan.FromSeconds(30);

    private readonly BlockingCollection<PendingAppend> _queue = new(new ConcurrentQueue<PendingAppend>());
    private readonly string _folder;
    private readonly Signal _signal;
    private readonly LedgerOptions _options;
    private readonly SegmentCompressor _compressor;
    private readonly ILogger _log;
    private readonly ChainHasher _hasher = new();
    private readonly AcknowledgedMark _mark;
    private readonly Thread _writer;
    private readonly Thread _syncer;

    // Guards the files and the states below between the writer and the syncer thread.
    private readonly object _gate = new();
    private FileStream _data;
    private FileStream _chain;
    private ActiveSegmentState _written;
    private ActiveSegmentState _durable;
    private List<(List<PendingAppend> Group, ActiveSegmentState After)> _unsynced = [];
    private bool _syncing;
    private bool _stopping;
    private DateTime _segmentStarted;
    private bool _needsRepair;
    private long _pendingBytes;

    // The active segment's id (its first chain entry's hash, hex), once it has one; the writer thread's alone.
    private string? _activeId;

    private readonly ILedgerObserver? _observer;

    public SignalWriter(string folder, Signal signal, LedgerOptions options, SegmentCompressor compressor, ILogger log, ILedgerObserver? observer = null)
    {
        _observer = observer;
        _folder = folder;
        _signal = signal;
        _options = options;
        _compressor = compressor;
        _log = log;

        SegmentRecovery.FinishInterruptedRotations(folder, signal, log);
        var segments = LedgerSegment.List(folder, signal);
        var previous = segments.LastOrDefault(s => !s.IsActive) is { } last
            ? ChainFile.ReadEntry(last.ChainPath, last: true)?.Hash ?? HashChain.Genesis
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
        _mark = AcknowledgedMark.Open(folder, signal);
        _durable = SegmentRecovery.RecoverActive(_data, _chain, _mark, previous, folder, signal, log);
        _written = _durable;
        _activeId = _durable.ChainLength == 0 ? null : ChainFile.ReadIdAndEnd(active.ChainPath)?.Id;
        _segmentStarted = _durable.DataLength == 0 ? DateTime.UtcNow : File.GetCreationTimeUtc(_data.Name);
        _writer = new Thread(RunWriter) { IsBackground = true, Name = $"ledger-{signal.FileStem()}-write" };
        _syncer = new Thread(RunSyncer) { IsBackground = true, Name = $"ledger-{signal.FileStem()}-sync" };
        _writer.Start();
        _syncer.Start();
    }

    /// <summary>Bytes of the active segment that are durable and chained: what tailers may read.</summary>
    public long DurableLength => Volatile.Read(ref _durable).DataLength;

    /// <summary>Completes a waiter each time more lines are durable (readers in this process await it instead of polling).</summary>
    public CommitSignal Commits { get; } = new();

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

    /// <summary>
    /// Chains a record (its line, already durable in its own file) with an entry of its own after everything queued
    /// before it; completes once the entry is durable.
    /// </summary>
    public Task AppendRecordAsync(byte[] record)
    {
        var append = PendingAppend.ChainedRecord(record);
        return _queue.TryAdd(append) ? append.Durable.Task : throw new LedgerUnavailableException("the recorder is shutting down");
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _writer.Join();
        _syncer.Join();
        Commits.Committed();
        _data.Dispose();
        _chain.Dispose();
        TrySyncMark();
        _mark.Dispose();
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

    private void RunWriter()
    {
        var group = new List<PendingAppend>();
        while (!_queue.IsCompleted)
        {
            if (_queue.TryTake(out var first, IdleWake))
            {
                group.Add(first);
                var bytes = first.Length;
                while (bytes < _options.MaxGroupCommitBytes && _queue.TryTake(out var next))
                {
                    group.Add(next);
                    bytes += next.Length;
                }

                _compressor.NoteActivity();
                Write(group);
                group = [];
            }

            RotateIfDue();
        }

        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Appends a group's lines and chain entries (not yet synced) and hands the group to the syncer.</summary>
    private void Write(List<PendingAppend> group)
    {
        ActiveSegmentState state;
        lock (_gate)
        {
            if (_needsRepair)
            {
                CutBack(_written);
            }

            state = _written;
        }

        // Outside the lock, so the syncer can acknowledge the previous group meanwhile.
        ActiveSegmentState after;
        try
        {
            after = _needsRepair ? throw new IOException("the ledger could not be cut back after an earlier failure") : Append(group, state);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lock (_gate)
            {
                CutBack(_written);
            }

            Fail(group, e);
            return;
        }

        lock (_gate)
        {
            if (_written != state)
            {
                // A sync failed while this group was being written and cut the files back under it.
                CutBack(_written);
                Fail(group, new IOException("an earlier write failed to sync"));
                return;
            }

            _written = after;
            _unsynced.Add((group, after));
            Monitor.PulseAll(_gate);
        }
    }

    private ActiveSegmentState Append(List<PendingAppend> group, ActiveSegmentState state)
    {
        var lineCount = 0;
        foreach (var append in group)
        {
            lineCount += append.Entries;
        }

        var chainBytes = ArrayPool<byte>.Shared.Rent(lineCount * HashChain.EntryBytes);
        try
        {
            var offset = state.DataLength;
            var hash = (byte[])state.LastHash.Clone();
            var next = new byte[HashChain.HashBytes];
            var entry = 0;

            // A new segment is named by its first entry.
            void NameIfFirst(byte[] entryHash)
            {
                if (state.ChainLength == 0 && entry == 1)
                {
                    _activeId = Convert.ToHexStringLower(entryHash);
                }
            }

            foreach (var append in group)
            {
                if (append.Record is { } record)
                {
                    // A chained record: an entry that ends where the line before it did, so it can never be a line.
                    _hasher.Next(hash, record, next);
                    HashChain.WriteEntry(offset, next, chainBytes.AsSpan(entry++ * HashChain.EntryBytes, HashChain.EntryBytes));
                    NameIfFirst(next);
                    (hash, next) = (next, hash);
                    continue;
                }

                var lines = append.Batch!.Span;
                var start = offset;
                RandomAccess.Write(_data.SafeFileHandle, lines, offset);
                while (!lines.IsEmpty)
                {
                    var newline = lines.IndexOf((byte)'\n');
                    _hasher.Next(hash, lines[..newline], next);
                    offset += newline + 1;
                    HashChain.WriteEntry(offset, next, chainBytes.AsSpan(entry++ * HashChain.EntryBytes, HashChain.EntryBytes));
                    NameIfFirst(next);
                    (hash, next) = (next, hash);
                    lines = lines[(newline + 1)..];
                }

                if (append.Batch.Note is { } note)
                {
                    // Before readers can see the line: they see it once its sync is acknowledged.
                    note.Written(_activeId!, start, offset);
                    append.Noted = true;
                }
            }

            var chainLength = lineCount * HashChain.EntryBytes;
            RandomAccess.Write(_chain.SafeFileHandle, chainBytes.AsSpan(0, chainLength), state.ChainLength);
            return new ActiveSegmentState(offset, state.ChainLength + chainLength, hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chainBytes);
        }
    }

    /// <summary>
    /// Syncs whatever has been written, then acknowledges it; meanwhile the writer goes on appending the next group,
    /// so writing and syncing overlap. One sync covers every group written before it started.
    /// </summary>
    private void RunSyncer()
    {
        while (true)
        {
            List<(List<PendingAppend> Group, ActiveSegmentState After)> batch;
            lock (_gate)
            {
                while (_unsynced.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_unsynced.Count == 0)
                {
                    return;
                }

                (batch, _unsynced) = (_unsynced, []);
                _syncing = true;
            }

            try
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var chainSynced = Task.Run(() => _chain.Flush(flushToDisk: true));
                _data.Flush(flushToDisk: true);
                chainSynced.GetAwaiter().GetResult();
                var synced = System.Diagnostics.Stopwatch.GetElapsedTime(started);

                // Before any answer: recovery calls only what lies past this mark a crash tail.
                _mark.Write(batch[^1].After, sync: false);
                lock (_gate)
                {
                    Volatile.Write(ref _durable, batch[^1].After);
                    _syncing = false;
                    Monitor.PulseAll(_gate);
                }

                var bytes = 0L;
                foreach (var (group, _) in batch)
                {
                    bytes += group.Sum(append => (long)append.Length);
                    Complete(group);
                }

                Commits.Committed();
                _observer?.Committed(_signal, bytes, synced);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                lock (_gate)
                {
                    // Nothing after the last sync can be trusted: refuse it all and cut the files back.
                    batch.AddRange(_unsynced);
                    _unsynced = [];
                    _written = _durable;
                    CutBack(_durable);
                    _syncing = false;
                    Monitor.PulseAll(_gate);
                }

                foreach (var (group, _) in batch)
                {
                    Fail(group, e);
                }
            }
        }
    }

    private void CutBack(ActiveSegmentState state)
    {
        try
        {
            _data.SetLength(state.DataLength);
            _chain.SetLength(state.ChainLength);
            _needsRepair = false;
        }
        catch (IOException)
        {
            _needsRepair = true; // retried before the next write
        }
    }

    /// <summary>A clean stop leaves the mark durable too, so even a power loss soon after finds it exact.</summary>
    private void TrySyncMark()
    {
        try
        {
            _mark.Write(_durable, sync: true);
        }
        catch (IOException e)
        {
            _log.LogWarning("Could not sync {Mark}: {Error}", Path.GetFileName(AcknowledgedMark.PathOf(_folder, _signal)), e.Message);
        }
    }

    private void Complete(List<PendingAppend> group)
    {
        foreach (var append in group)
        {
            Interlocked.Add(ref _pendingBytes, -append.Length);
            append.Batch?.Dispose();
            append.Durable.TrySetResult();
        }
    }

    private void Fail(List<PendingAppend> group, Exception error)
    {
        _log.LogError("Ledger write to {Segment} failed, {Requests} requests refused: {Error}", LedgerSegment.ActiveDataName(_signal), group.Count, error.Message);
        var refusal = new LedgerUnavailableException($"cannot write the ledger: {error.Message}", error);
        foreach (var append in group)
        {
            if (append.Noted)
            {
                append.Batch!.Note!.Withdrawn();
            }

            Interlocked.Add(ref _pendingBytes, -append.Length);
            append.Batch?.Dispose();
            append.Durable.TrySetException(refusal);
        }
    }

    private void RotateIfDue()
    {
        var now = DateTime.UtcNow;
        lock (_gate)
        {
            var state = _written;
            var due = state.DataLength >= _options.MaxSegmentBytes
                || (state.DataLength > 0 && now - _segmentStarted >= _options.MaxSegmentAge);
            if (!due || _needsRepair)
            {
                return;
            }

            // Only a fully synced segment is closed and renamed.
            while (_unsynced.Count > 0 || _syncing)
            {
                Monitor.Wait(_gate);
            }

            if (_written != _durable)
            {
                return; // the sync failed; the next write repairs first
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
    }

    private void Rotate(DateTime now)
    {
        var rotated = LedgerSegment.RotatedDataPath(_folder, _signal, now);
        while (File.Exists(rotated) || File.Exists(rotated + ".zst"))
        {
            now = now.AddMilliseconds(1);
            rotated = LedgerSegment.RotatedDataPath(_folder, _signal, now);
        }

        // The mark describes the active segment: it starts again at nothing before the files move, so a new segment
        // is never held to what the old one acknowledged.
        _mark.Write(new ActiveSegmentState(0, 0, _written.LastHash), sync: true);
        _data.Dispose();
        _chain.Dispose();
        var active = LedgerSegment.Active(_folder, _signal);

        // Chain first: recovery recognises a rotated chain without data and finishes the move.
        File.Move(active.ChainPath, LedgerSegment.ChainPathOf(rotated));
        File.Move(active.DataPath, rotated);
        DirectorySync.Flush(_folder);

        (_data, _chain) = OpenActive();
        _activeId = null;
        _written = new ActiveSegmentState(0, 0, _written.LastHash);
        Volatile.Write(ref _durable, _written);
        _segmentStarted = now;
        _log.LogInformation("Rotated {Segment} to {Rotated}", LedgerSegment.ActiveDataName(_signal), Path.GetFileName(rotated));
        if (_options.CompressRotated)
        {
            _compressor.Enqueue(rotated);
        }
    }
}
