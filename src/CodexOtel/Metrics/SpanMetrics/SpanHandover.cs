using System.Collections.Concurrent;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Pipeline;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// Spanmetrics' inputs read at ingest, handed to the consumer that follows the traces ledger so it need not read each
/// line back. The ledger sink shows it each OTLP/protobuf request it writes as one line; the transcoder shows it the
/// spans as it writes them (<see cref="SpanCapture"/>), and the ledger tells it where the line landed as it writes it
/// (<see cref="ILedgerLineNote"/>), before readers can see the line. The
/// consumer takes the inputs of the line at its position in place of reading it; a line with nothing here — after a
/// restart, from JSON or import, split over several lines — is read as before. The ledger wrote that very line at that
/// position from that request, so what is counted is what the ledger holds; a write that fails withdraws its note.
/// <para>
/// Bounded: past <see cref="MaxSpans"/> held or <see cref="MaxLines"/> remembered, the oldest go (a consumer that far
/// behind reads those lines itself). Inputs come from a pool and go back to it (<see cref="Return"/>) once counted.
/// </para>
/// </summary>
internal sealed class SpanHandover : ILedgerLineObserver
{
    /// <summary>Spans held at most, about 40 bytes each: some 125 requests of 512 spans, far more than a consumer keeping up lags.</summary>
    public const int MaxSpans = 64 * 1024;

    /// <summary>Lines remembered at most, taken or not (one that is never taken, because the consumer read past it, goes in turn).</summary>
    public const int MaxLines = 16 * 1024;

    private readonly ConcurrentDictionary<(string SegmentId, long Start), (long End, SpanMetricsInput Input)> _held = new();
    private readonly ConcurrentQueue<(string SegmentId, long Start)> _order = new();
    private readonly object _evicting = new();
    private readonly SpanMetricsInputPool _pool = new(MaxSpans);
    private long _spans;
    private int _lines;

    /// <summary>Spans held and not yet taken or evicted.</summary>
    public long Spans => Interlocked.Read(ref _spans);

    public ILedgerLineCapture? Begin(Signal signal) => signal == Signal.Traces ? new SpanCapture(this, _pool.Rent()) : null;

    /// <summary>The note for a line whose inputs were captured whole: the ledger says where it lands, and they are held there.</summary>
    public ILedgerLineNote NoteFor(SpanMetricsInput input) => new Noted(this, input);

    /// <summary>Takes back an input <see cref="TakeAt"/> gave, once it has been counted.</summary>
    public void Return(SpanMetricsInput input) => _pool.Return(input);

    /// <summary>
    /// The inputs of the line that starts at this position and ends by <paramref name="limit"/> (as far as the reader
    /// sees the ledger), taken, and where the line ends; null when none are held (the reader reads the line).
    /// </summary>
    public (long End, SpanMetricsInput Input)? TakeAt(string segmentId, long start, long limit)
    {
        var key = (segmentId, start);
        if (_held.IsEmpty || !_held.TryGetValue(key, out var held) || held.End > limit || !_held.TryRemove(KeyValuePair.Create(key, held)))
        {
            return null;
        }

        Interlocked.Add(ref _spans, -held.Input.Spans.Length);
        return held;
    }

    private void Hold(string segmentId, long start, long end, SpanMetricsInput input)
    {
        // One writer thread holds lines; readers only take them.
        var key = (segmentId, start);
        Release(key, _ => true);
        _held[key] = (end, input);
        _order.Enqueue(key);
        if ((Interlocked.Add(ref _spans, input.Spans.Length) > MaxSpans) | (Interlocked.Increment(ref _lines) > MaxLines))
        {
            Evict();
        }
    }

    private void Evict()
    {
        lock (_evicting)
        {
            while ((Interlocked.Read(ref _spans) > MaxSpans || Volatile.Read(ref _lines) > MaxLines) && _order.TryDequeue(out var oldest))
            {
                Interlocked.Decrement(ref _lines);
                Release(oldest, _ => true);
            }
        }
    }

    /// <summary>Forgets what is held at <paramref name="key"/> if <paramref name="which"/> says so.</summary>
    private void Release((string SegmentId, long Start) key, Func<SpanMetricsInput, bool> which)
    {
        if (_held.TryGetValue(key, out var held) && which(held.Input) && _held.TryRemove(KeyValuePair.Create(key, held)))
        {
            Interlocked.Add(ref _spans, -held.Input.Spans.Length);
            _pool.Return(held.Input);
        }
    }

    private sealed class Noted(SpanHandover handover, SpanMetricsInput input) : ILedgerLineNote
    {
        private (string SegmentId, long Start)? _at;

        public void Written(string segmentId, long start, long end)
        {
            _at = (segmentId, start);
            handover.Hold(segmentId, start, end, input);
        }

        public void Withdrawn()
        {
            if (_at is var (segmentId, start))
            {
                handover.Release((segmentId, start), held => held == input);
            }
        }
    }
}
