using System.Collections.Concurrent;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Pipeline;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// Spanmetrics' inputs read at ingest, handed to the consumer that follows the traces ledger so it need not read the
/// spans out of each line again. The ledger sink offers each OTLP/protobuf request it writes as one line (its spans,
/// read from the protobuf by <see cref="SpanProtobufReader"/> at a fraction of the line reader's cost) before the line
/// is appended; the consumer still reads every line from the ledger, and takes the inputs only for a line of the same
/// length and XXH128 (<see cref="LineHash"/>) as the one offered, so what it counts is what the ledger holds. A line
/// with nothing here — after a restart, an import, a line from JSON or split over several — is read as before.
/// <para>
/// Bounded: past <see cref="MaxSpans"/> held, the oldest offers go (a consumer that far behind reads those lines
/// itself), which also clears offers whose line was never written (an append refused).
/// </para>
/// </summary>
internal sealed class SpanHandover : ILedgerLineObserver
{
    /// <summary>Spans held at most: about 40 bytes each.</summary>
    public const int MaxSpans = 256 * 1024;

    private readonly ConcurrentDictionary<(int Length, UInt128 Hash), SpanMetricsInput> _offered = new();
    private readonly ConcurrentQueue<(int Length, UInt128 Hash)> _order = new();
    private readonly object _evicting = new();
    private long _spans;

    /// <summary>Spans offered and not yet taken or evicted.</summary>
    public long Spans => Interlocked.Read(ref _spans);

    public void WillAppend(Signal signal, ReadOnlySpan<byte> request, ReadOnlySpan<byte> line)
    {
        var input = new SpanMetricsInput();
        if (signal != Signal.Traces || !SpanProtobufReader.TryRead(request, input))
        {
            return;
        }

        var key = (line.Length, LineHash.Of(line));
        if (!_offered.TryAdd(key, input))
        {
            return; // the same line twice (a client's retry): the first offer serves the first line; the second is read
        }

        _order.Enqueue(key);
        if (Interlocked.Add(ref _spans, input.Spans.Length) > MaxSpans)
        {
            Evict();
        }
    }

    /// <summary>The inputs offered for this line, taken; null when none were (the caller reads the line).</summary>
    public SpanMetricsInput? Take(ReadOnlySpan<byte> line)
    {
        if (_offered.IsEmpty || !_offered.TryRemove((line.Length, LineHash.Of(line)), out var input))
        {
            return null;
        }

        Interlocked.Add(ref _spans, -input.Spans.Length);
        return input;
    }

    private void Evict()
    {
        lock (_evicting)
        {
            while (Interlocked.Read(ref _spans) > MaxSpans && _order.TryDequeue(out var oldest))
            {
                if (_offered.TryRemove(oldest, out var input))
                {
                    Interlocked.Add(ref _spans, -input.Spans.Length);
                }
            }
        }
    }
}
