using System.Collections.Concurrent;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// Inputs kept for reuse, so reading spans at ingest allocates nothing per span once warm. Without it each request's
/// span list (its growth included, ~80 bytes a span) lived until the consumer took it, long enough to be promoted,
/// and under a flood the collector's heap grew by some 40 MB. Bounded by the spans the pooled inputs have room for.
/// </summary>
internal sealed class SpanMetricsInputPool(int maxSpans)
{
    private readonly ConcurrentQueue<SpanMetricsInput> _free = new();
    private long _capacity;

    /// <summary>Room for spans in the inputs pooled now.</summary>
    public long Capacity => Interlocked.Read(ref _capacity);

    /// <summary>An empty input: a pooled one, or a new one when none is.</summary>
    public SpanMetricsInput Rent()
    {
        if (!_free.TryDequeue(out var input))
        {
            return new SpanMetricsInput();
        }

        Interlocked.Add(ref _capacity, -input.Capacity);
        return input;
    }

    /// <summary>Takes back an input nobody uses any more, emptied; one that would overfill the pool is left to the collector.</summary>
    public void Return(SpanMetricsInput input)
    {
        input.Clear();
        if (Interlocked.Add(ref _capacity, input.Capacity) > maxSpans)
        {
            Interlocked.Add(ref _capacity, -input.Capacity);
            return;
        }

        _free.Enqueue(input);
    }
}
