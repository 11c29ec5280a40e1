using CodexOtel.Codex;
using CodexOtel.Indexing;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Store;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;

namespace CodexOtel.Importing;

/// <summary>Where an import is: the file being read and the bytes read of all files.</summary>
internal readonly record struct ImportProgress(string Phase, string? File, long BytesDone, long BytesTotal);

/// <summary>
/// Imports collector files and Codex rollouts into a data folder through its ledger (<see cref="IImportSink"/>), then
/// brings the index up to date. Nothing is written twice: collector lines an earlier import wrote are skipped by the
/// hash of their bytes, rollout events by their key (<see cref="ImportManifest"/>, and the index's own keys); and a
/// rollout event is written only when its conversation's recorded telemetry does not already tell it (what
/// <see cref="TimelineMerge"/> would show of it). Collector files go first, so that a rollout is compared with the
/// telemetry imported alongside it.
/// <para>
/// Reading and decoding overlap with writing: one chunk is in flight to the sink while the next is read, and the
/// manifest learns a chunk's lines only once the sink reports them durable. It keeps what is in flight meanwhile, so
/// that an import killed between the two is reconciled with the ledger by the next one (<see cref="InFlightLines"/>). When this process writes the ledger,
/// collector lines are indexed as they become durable (<see cref="IndexAlongside"/>), beside the reading and writing.
/// </para>
/// </summary>
internal sealed class Importer(string dataDir, IImportSink sink, ImportManifest manifest, IConversationStore store)
{
    /// <summary>Whether to bring the index up to date at the end (else the next query or serve does).</summary>
    public bool IndexAtEnd { get; init; } = true;

    /// <summary>
    /// Collector lines are decoded and sent in chunks of about this many bytes. Small chunks keep fewer decoded events
    /// alive at once, which is what the GC pays for (1 MiB imported 10 % faster than 4 MiB; 512 KiB, too few lines to
    /// share out, was slower).
    /// </summary>
    private const int ChunkBytes = 1 << 20;

    /// <summary>Rollout requests of several files are sent together up to about this many bytes.</summary>
    private const int RolloutBatchBytes = 4 << 20;

    private static readonly TimeSpan IndexTimeout = TimeSpan.FromSeconds(60);

    private readonly ImportSummary _summary = new();
    private readonly HashSet<UInt128> _linesThisRun = [];
    private readonly HashSet<string> _eventsThisRun = new(StringComparer.Ordinal);
    private readonly HashSet<string> _conversationsSeen = new(StringComparer.Ordinal);
    private readonly List<ImportRequest> _rolloutRequests = [];
    private readonly List<string> _rolloutKeys = [];
    private int _rolloutBytes;
    private long _rolloutRecords;
    private Task<long>? _sending;
    private Action<long>? _afterSending;
    private IndexAlongside? _indexing;
    private long _bytesBefore;

    public async Task<ImportSummary> RunAsync(IReadOnlyList<InputFile> files, Action<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var total = files.Sum(f => f.Bytes);
        _summary.UnrecognisedFiles = files.Count(f => f.Format == InputFormat.Unrecognised);

        // The index must know what the ledger holds to tell new conversations and recorded ones.
        progress?.Invoke(new ImportProgress("indexing", null, 0, total));
        await IndexCatchUp.RunAsync(dataDir, store, sink.IndexedByServe, IndexTimeout, cancellationToken).ConfigureAwait(false);

        // What an import killed mid-send wrote is in the ledger, and must be found there before lines are skipped by it.
        InFlightLines.Reconcile(dataDir, manifest);
        try
        {
            return await ImportAsync(files, total, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_indexing is not null)
            {
                await _indexing.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<ImportSummary> ImportAsync(IReadOnlyList<InputFile> files, long total, Action<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        if (IndexAtEnd && !sink.IndexedByServe)
        {
            _indexing = IndexAlongside.TryStart(dataDir, cancellationToken);
        }

        var rolloutsStarted = false;
        foreach (var file in files)
        {
            if (file.Format == InputFormat.Rollout && !rolloutsStarted)
            {
                rolloutsStarted = true;
                if (_summary.Lines > 0 || _sending is not null)
                {
                    await FlushAsync().ConfigureAwait(false);
                    progress?.Invoke(new ImportProgress("indexing", null, _bytesBefore, total));
                    await FinishIndexingAlongsideAsync().ConfigureAwait(false);
                    await IndexCatchUp.RunAsync(dataDir, store, sink.IndexedByServe, IndexTimeout, cancellationToken).ConfigureAwait(false);
                }
            }

            switch (file.Format)
            {
                case InputFormat.Collector:
                    _summary.CollectorFiles++;
                    await ImportCollectorAsync(file, p => progress?.Invoke(new ImportProgress("importing", file.Path, _bytesBefore + p, total)), cancellationToken).ConfigureAwait(false);
                    break;
                case InputFormat.Rollout:
                    _summary.RolloutFiles++;
                    await ImportRolloutAsync(file, cancellationToken).ConfigureAwait(false);
                    break;
            }

            _bytesBefore += file.Bytes;
            progress?.Invoke(new ImportProgress("importing", file.Path, _bytesBefore, total));
        }

        await SubmitRolloutsAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);

        if (IndexAtEnd)
        {
            progress?.Invoke(new ImportProgress("indexing", null, total, total));
            await FinishIndexingAlongsideAsync().ConfigureAwait(false);
            _summary.Indexed = await IndexCatchUp.RunAsync(dataDir, store, sink.IndexedByServe, IndexTimeout, cancellationToken).ConfigureAwait(false);
        }

        return _summary;
    }

    // What was indexed beside the import is committed; the catch-up that follows finds what is left, if anything.
    private async Task FinishIndexingAlongsideAsync()
    {
        if (_indexing is { } indexing)
        {
            _indexing = null;
            await indexing.FinishAsync().ConfigureAwait(false);
        }
    }

    private async Task ImportCollectorAsync(InputFile file, Action<long> progress, CancellationToken cancellationToken)
    {
        var chunk = new Chunk(file);
        long records = 0, skipped = 0;
        using (var stream = InputFiles.Open(file.Path, out var raw))
        {
            using var reader = new LineReader(stream);
            long number = 0;
            while (reader.TryNext(out var line, out _, out var complete))
            {
                number++;
                var bytes = line.Trim(" \t\r"u8);
                if (bytes.StartsWith("\uFEFF"u8))
                {
                    bytes = bytes[3..];
                }

                if (bytes.IsEmpty)
                {
                    continue;
                }

                if (!complete)
                {
                    _summary.IncompleteLines++;
                    break;
                }

                var hash = LineHash.Of(bytes);
                if (_linesThisRun.Contains(hash) || manifest.HasLine(bytes, hash))
                {
                    skipped++;
                    continue;
                }

                _linesThisRun.Add(hash);
                chunk.Add(bytes, hash, number);
                if (chunk.Bytes >= ChunkBytes)
                {
                    records += await SubmitChunkAsync(chunk, cancellationToken).ConfigureAwait(false);
                    chunk = new Chunk(file);
                    progress(raw.BytesRead);
                }
            }
        }

        records += await SubmitChunkAsync(chunk, cancellationToken).ConfigureAwait(false);
        _summary.SkippedLines += skipped;
        manifest.LogFile(file, records, skipped);
    }

    /// <summary>Decodes a chunk's lines (on all cores) and hands them to the sink; returns the records in it.</summary>
    private async Task<long> SubmitChunkAsync(Chunk chunk, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
        {
            chunk.Release();
            return 0;
        }

        var decoded = new DecodedLine[chunk.Count];
        var requests = new (ImportRequest Request, IReadOnlyList<UInt128> LedgerLines)[chunk.Count];
        Parallel.For(0, chunk.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var line = decoded[i] = Decode(chunk.Line(i).Span);
            if (line is { Error: null, Records: > 0 })
            {
                var request = new ImportRequest(line.Signal, chunk.Line(i), line.Request);
                requests[i] = (request, sink.LedgerLines(line.Signal, request, chunk.Hash(i)));
            }
        });

        var bySignal = new List<ImportRequest>[SignalNames.All.Length];
        var hashes = new List<UInt128>(chunk.Count);
        var sending = new List<(UInt128 Line, UInt128 Ledger)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var handOver = new List<(int Length, UInt128 Hash, LineEvents Events)>();
        var records = 0L;
        for (var i = 0; i < decoded.Length; i++)
        {
            var (signal, _, events, count, error) = decoded[i];
            if (error is not null)
            {
                _summary.InvalidLines++;
                _summary.Problem($"{chunk.File.Path}:{chunk.Number(i)}: {error}");
                continue;
            }

            hashes.Add(chunk.Hash(i));
            if (count == 0)
            {
                continue;
            }

            var line = chunk.Line(i);
            records += count;
            (bySignal[(int)signal] ??= []).Add(requests[i].Request);
            foreach (var ledgerLine in requests[i].LedgerLines)
            {
                sending.Add((chunk.Hash(i), ledgerLine));
            }

            if (events is not null)
            {
                ids.UnionWith(ConversationRuns.Of(events.Events));
                if (sink.WritesAsRead(requests[i].Request))
                {
                    handOver.Add((line.Length, chunk.Hash(i), events));
                }
            }
        }

        NoteConversations(ids, storedCount: null);
        var lines = hashes.Count;
        await SubmitAsync(
            () =>
            {
                // Once the send before it is recorded, and before anything of it is written.
                manifest.WillSend(sending, [.. SignalNames.All.Where(signal => bySignal[(int)signal] is not null).Select(signal => (signal, new LedgerTailer(dataDir, signal).End()))]);
                _indexing?.WillWrite(handOver);
                return Task.Run(() => SendAllAsync(bySignal, cancellationToken), cancellationToken);
            },
            rejected =>
            {
                // Durable: nothing reads the chunk's lines any more (the ledger has copies, the indexer hashes).
                chunk.Release();
                manifest.AddLines(hashes);
                _summary.Lines += lines;
                _summary.Records += records - rejected;
                _summary.RejectedRecords += rejected;
            }).ConfigureAwait(false);
        return records;
    }

    private async Task<long> SendAllAsync(List<ImportRequest>?[] bySignal, CancellationToken cancellationToken)
    {
        var rejected = 0L;
        foreach (var signal in SignalNames.All)
        {
            if (bySignal[(int)signal] is { Count: > 0 } requests)
            {
                rejected += await sink.SendAsync(signal, requests, cancellationToken).ConfigureAwait(false);
            }
        }

        return rejected;
    }

    private async Task ImportRolloutAsync(InputFile file, CancellationToken cancellationToken)
    {
        List<CodexEvent> events;
        using (var stream = InputFiles.Open(file.Path, out _))
        using (var text = new StreamReader(stream))
        {
            events = [.. RolloutReader.Read(text, Path.GetFileName(file.Path))];
        }

        long written = 0, skipped = 0;
        foreach (var conversation in events.GroupBy(e => e.ConversationId, StringComparer.Ordinal))
        {
            var stored = store.Events(conversation.Key);
            var storedKeys = stored.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
            var fresh = conversation
                .Where(e => !storedKeys.Contains(e.Key) && !_eventsThisRun.Contains(e.Key) && !manifest.HasRolloutEvent(e.Key))
                .ToList();
            _summary.SkippedRolloutEvents += conversation.Count() - fresh.Count;
            skipped += conversation.Count() - fresh.Count;

            var kept = fresh;
            if (fresh.Count > 0 && stored.Any(e => e.Source != "rollout"))
            {
                // Recorded telemetry wins; keep only what the timeline would take from the rollout.
                var shown = TimelineMerge.Select([.. stored, .. fresh]).Events.ToHashSet(ReferenceEqualityComparer.Instance);
                kept = [.. fresh.Where(shown.Contains)];
                _summary.SkippedRecorded += fresh.Count - kept.Count;
                skipped += fresh.Count - kept.Count;
            }

            if (kept.Count == 0)
            {
                continue;
            }

            NoteConversations([conversation.Key], stored.Count);
            foreach (var e in kept)
            {
                _eventsThisRun.Add(e.Key);
                _rolloutKeys.Add(e.Key);
            }

            foreach (var request in RolloutRecords.ToRequests(kept))
            {
                _rolloutRequests.Add(new ImportRequest(request));
                _rolloutBytes += request.CalculateSize();
            }

            _rolloutRecords += kept.Count;
            written += kept.Count;
        }

        manifest.LogFile(file, written, skipped);
        if (_rolloutBytes >= RolloutBatchBytes)
        {
            await SubmitRolloutsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SubmitRolloutsAsync(CancellationToken cancellationToken)
    {
        if (_rolloutRequests.Count == 0)
        {
            return;
        }

        List<ImportRequest> requests = [.. _rolloutRequests];
        List<string> keys = [.. _rolloutKeys];
        var records = _rolloutRecords;
        _rolloutRequests.Clear();
        _rolloutKeys.Clear();
        _rolloutBytes = 0;
        _rolloutRecords = 0;
        await SubmitAsync(
            () => sink.SendAsync(Signal.Logs, requests, cancellationToken),
            rejected =>
            {
                manifest.AddRolloutEvents(keys);
                _summary.Records += records - rejected;
                _summary.RolloutRecords += records - rejected;
                _summary.RejectedRecords += rejected;
            }).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for what is in flight (recording it as durable), then starts <paramref name="send"/>: one send at a time
    /// keeps the ledger in the order the files were read, while the next chunk is read and decoded meanwhile.
    /// </summary>
    private async Task SubmitAsync(Func<Task<long>> send, Action<long> afterDurable)
    {
        await FlushAsync().ConfigureAwait(false);
        if (_indexing is { } indexing)
        {
            await indexing.WaitForRoomAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _sending = TellIndexingAsync(send(), _indexing);
        _afterSending = afterDurable;
    }

    private static async Task<long> TellIndexingAsync(Task<long> sending, IndexAlongside? indexing)
    {
        var rejected = await sending.ConfigureAwait(false);
        indexing?.Wrote();
        return rejected;
    }

    private async Task FlushAsync()
    {
        if (_sending is not { } sending)
        {
            return;
        }

        _sending = null;
        var rejected = await sending.ConfigureAwait(false);
        _afterSending!(rejected);
    }

    /// <summary>Counts conversations the index did not know (<paramref name="storedCount"/> = its stored events, when known).</summary>
    private void NoteConversations(IEnumerable<string> ids, int? storedCount)
    {
        var unseen = ids.Where(_conversationsSeen.Add).ToList();
        if (unseen.Count == 0)
        {
            return;
        }

        var known = storedCount is { } count ? (count > 0 ? unseen.ToHashSet() : []) : store.KnownConversations(unseen);
        foreach (var id in unseen)
        {
            if (!known.Contains(id))
            {
                _summary.NewConversations.Add(id);
            }
        }
    }

    /// <summary>
    /// A line checked to be a valid export request, with its records counted; a logs line also read into its events
    /// (straight from the JSON where <see cref="JsonLogLineReader"/> can, else from the decoded request).
    /// </summary>
    private static DecodedLine Decode(ReadOnlySpan<byte> line)
    {
        try
        {
            if (OtlpJsonDecoder.DetectSignal(line) is not { } signal)
            {
                return DecodedLine.Invalid("not an OTLP export request (no resourceLogs, resourceSpans or resourceMetrics)");
            }

            if (signal == Signal.Logs && JsonLogLineReader.TryRead(line) is { } read)
            {
                return new DecodedLine(signal, null, read, read.Records, null);
            }

            var request = OtlpJsonDecoder.Decode(signal, line);
            if (OtlpIdValidator.FindInvalidId(request) is { } invalid)
            {
                return DecodedLine.Invalid(invalid);
            }

            var events = request is ExportLogsServiceRequest logs ? LineEvents.Of(logs) : null;
            return new DecodedLine(signal, request, events, RequestSplitter.CountRecords(request), null);
        }
        catch (OtlpJsonException e)
        {
            return DecodedLine.Invalid(e.Message);
        }
    }

    /// <summary>What a collector line decoded to: its request only where it was decoded, its events for logs; or the error.</summary>
    private readonly record struct DecodedLine(Signal Signal, IMessage? Request, LineEvents? Events, long Records, string? Error)
    {
        public static DecodedLine Invalid(string error) => new(Signal.Logs, null, null, 0, error);
    }

    /// <summary>
    /// Lines read from one file, copied one after the other into a buffer from <see cref="BufferPool.Lines"/>: lines
    /// of tens of kilobytes each allocated on their own were most of what made an import collect garbage.
    /// </summary>
    private sealed class Chunk(InputFile file)
    {
        private readonly List<(int Start, int Length, UInt128 Hash, long Number)> _lines = [];
        private readonly PooledBufferWriter _buffer = new(BufferPool.Lines, 2 * ChunkBytes);

        public InputFile File { get; } = file;

        public int Count => _lines.Count;

        public long Bytes => _buffer.Length;

        public void Add(ReadOnlySpan<byte> line, UInt128 hash, long number)
        {
            _lines.Add((_buffer.Length, line.Length, hash, number));
            line.CopyTo(_buffer.GetSpan(line.Length));
            _buffer.Advance(line.Length);
        }

        /// <summary>The line's bytes: valid until <see cref="Release"/>, and only once every line is added.</summary>
        public ReadOnlyMemory<byte> Line(int i) => _buffer.WrittenMemory.Slice(_lines[i].Start, _lines[i].Length);

        public UInt128 Hash(int i) => _lines[i].Hash;

        public long Number(int i) => _lines[i].Number;

        /// <summary>Gives the buffer back, once nothing reads the lines any more.</summary>
        public void Release() => _buffer.Dispose();
    }
}
