using System.Collections.Concurrent;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Pipeline;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// Spanmetrics' inputs read at ingest, handed to the consumer that follows the traces ledger so it need not read each
/// line back. The ledger sink shows it each OTLP/protobuf request it writes as one line; it reads the spans from the
/// protobuf (<see cref="SpanProtobufReader"/>, which skips attributes by their length) and the ledger tells it where
/// the line landed once durable (<see cref="ILedgerLineNote"/>), before it wakes the consumer. The consumer takes the
/// inputs of the line at its position in place of reading it; a line with nothing here — after a restart, from JSON
/// or import, split over several lines, noted only after the consumer read past it — is read as before. The ledger
/// wrote that very line at that position from that request, so what is counted is what the ledger holds.
/// <para>
/// Bounded: past <see cref="MaxSpans"/> held, the oldest go (a consumer that far behind reads those lines itself).
/// </para>
/// </summary>
internal sealed class SpanHandover : ILedgerLineObserver
{
    /// <summary>Spans held at most: about 40 bytes each.</summary>
    public const int MaxSpans = 256 * 1024;

    /// <summary>Lines remembered at most, taken or not (one that is never taken, because the consumer read past it, goes in turn).</summary>
    public const int MaxLines = 16 * 1024;

    private readonly ConcurrentDictionary<(string SegmentId, long Start), (long End, SpanMetricsInput Input)> _held = new();
    private readonly ConcurrentQueue<(string SegmentId, long Start)> _order = new();
    private readonly object _evicting = new();
    private long _spans;
    private int _lines;

    /// <summary>Spans held and not yet taken or evicted.</summary>
    public long Spans => Interlocked.Read(ref _spans);

    public ILedgerLineNote? Observe(Signal signal, ReadOnlySpan<byte> request)
    {
        var input = new SpanMetricsInput();
        return signal == Signal.Traces && SpanProtobufReader.TryRead(request, input) ? new Noted(this, input) : null;
    }

    /// <summary>The inputs of the line that starts at this position, taken, and where it ends; null when none are held (read the line).</summary>
    public (long End, SpanMetricsInput Input)? TakeAt(string segmentId, long start)
    {
        if (_held.IsEmpty || !_held.TryRemove((segmentId, start), out var held))
        {
            return null;
        }

        Interlocked.Add(ref _spans, -held.Input.Spans.Length);
        return held;
    }

    private void Hold(string segmentId, long start, long end, SpanMetricsInput input)
    {
        var key = (segmentId, start);
        if (!_held.TryAdd(key, (end, input)))
        {
            return;
        }

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
                if (_held.TryRemove(oldest, out var held))
                {
                    Interlocked.Add(ref _spans, -held.Input.Spans.Length);
                }
            }
        }
    }

    private sealed class Noted(SpanHandover handover, SpanMetricsInput input) : ILedgerLineNote
    {
        public void Durable(string segmentId, long start, long end) => handover.Hold(segmentId, start, end, input);
    }
}
