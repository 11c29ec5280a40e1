using static CodexOtel.Otlp.Wire.WireReader;

namespace CodexOtel.Otlp.Wire;

/// <summary>
/// Counts the values a protobuf export request would become once decoded — every message in it (records,
/// attributes, array items, events, links, data points…) — by walking its wire bytes, allocating nothing. Two
/// bytes on the wire (an empty message) become a message object of a hundred bytes or more, so this count, not
/// the request's size, bounds what decoding it costs. Unknown fields are not counted (the decoder drops them).
/// </summary>
internal static class RequestCensus
{
    /// <summary>Past this nesting the decoder refuses the request anyway; the count stops descending.</summary>
    private const int MaxDepth = 100;

    private enum Message : byte
    {
        /// <summary>Not a message: a string, bytes, or an unknown field.</summary>
        Opaque,

        /// <summary>A message with no messages in it (Status, EntityRef, ValueAtQuantile).</summary>
        Leaf,
        ExportLogs,
        ResourceLogs,
        ScopeLogs,
        LogRecord,
        ExportTraces,
        ResourceSpans,
        ScopeSpans,
        Span,
        SpanEvent,
        SpanLink,
        ExportMetrics,
        ResourceMetrics,
        ScopeMetrics,
        Metric,
        NumberPoints,
        HistogramPoints,
        ExponentialHistogramPoints,
        SummaryPoints,
        NumberDataPoint,
        HistogramDataPoint,
        ExponentialHistogramDataPoint,
        Buckets,
        SummaryDataPoint,
        Exemplar,
        Resource,
        Scope,
        KeyValue,
        AnyValue,
        ArrayValue,
        KeyValueList,
    }

    /// <summary>
    /// The messages the request holds (the request itself not counted) and how many of them are records (log
    /// records, spans, data points); the count stops once either passes its limit.
    /// </summary>
    /// <remarks>Malformed bytes end the count early: the decoder then refuses the request and says why.</remarks>
    public static Tally Count(Signal signal, ReadOnlySpan<byte> request, Tally limit)
    {
        var root = signal switch
        {
            Signal.Logs => Message.ExportLogs,
            Signal.Traces => Message.ExportTraces,
            _ => Message.ExportMetrics,
        };
        var count = default(Tally);
        try
        {
            Count(root, request, 0, ref count, limit);
        }
        catch (WireFormatException)
        {
            // Counted so far; the decoder owns the error message.
        }

        return count;
    }

    private static void Count(Message message, ReadOnlySpan<byte> bytes, int depth, ref Tally count, Tally limit)
    {
        if (depth >= MaxDepth)
        {
            return;
        }

        var reader = new WireReader(bytes);
        while (!count.Exceeds(limit) && reader.TryReadTag(out var tag))
        {
            if ((tag & 7) != Len)
            {
                reader.Skip(tag);
                continue;
            }

            var value = reader.ReadBytes();
            var child = Child(message, tag >> 3);
            switch (child)
            {
                case Message.Opaque:
                    break;
                case Message.Leaf:
                    count.Values++;
                    break;
                case Message.Buckets:
                    // Packed varint counts take a byte each on the wire and eight in memory: each counts.
                    count.Values += 1 + value.Length;
                    break;
                default:
                    count.Values++;
                    count.Records += IsRecord(child) ? 1 : 0;
                    Count(child, value, depth + 1, ref count, limit);
                    break;
            }
        }
    }

    private static bool IsRecord(Message message) => message is Message.LogRecord or Message.Span
        or Message.NumberDataPoint or Message.HistogramDataPoint or Message.ExponentialHistogramDataPoint or Message.SummaryDataPoint;

    /// <summary>The message type of a length-delimited field; <see cref="Message.Opaque"/> for strings, bytes and unknown fields.</summary>
    private static Message Child(Message parent, uint field) => (parent, field) switch
    {
        (Message.ExportLogs, 1) => Message.ResourceLogs,
        (Message.ResourceLogs, 1) or (Message.ResourceSpans, 1) or (Message.ResourceMetrics, 1) => Message.Resource,
        (Message.ResourceLogs, 2) => Message.ScopeLogs,
        (Message.ScopeLogs, 1) or (Message.ScopeSpans, 1) or (Message.ScopeMetrics, 1) => Message.Scope,
        (Message.ScopeLogs, 2) => Message.LogRecord,
        (Message.LogRecord, 5) => Message.AnyValue,
        (Message.LogRecord, 6) => Message.KeyValue,
        (Message.ExportTraces, 1) => Message.ResourceSpans,
        (Message.ResourceSpans, 2) => Message.ScopeSpans,
        (Message.ScopeSpans, 2) => Message.Span,
        (Message.Span, 9) or (Message.SpanEvent, 3) or (Message.SpanLink, 4) => Message.KeyValue,
        (Message.Span, 11) => Message.SpanEvent,
        (Message.Span, 13) => Message.SpanLink,
        (Message.Span, 15) or (Message.Resource, 3) or (Message.SummaryDataPoint, 6) => Message.Leaf,
        (Message.ExportMetrics, 1) => Message.ResourceMetrics,
        (Message.ResourceMetrics, 2) => Message.ScopeMetrics,
        (Message.ScopeMetrics, 2) => Message.Metric,
        (Message.Metric, 5) or (Message.Metric, 7) => Message.NumberPoints,
        (Message.Metric, 9) => Message.HistogramPoints,
        (Message.Metric, 10) => Message.ExponentialHistogramPoints,
        (Message.Metric, 11) => Message.SummaryPoints,
        (Message.Metric, 12) => Message.KeyValue,
        (Message.NumberPoints, 1) => Message.NumberDataPoint,
        (Message.HistogramPoints, 1) => Message.HistogramDataPoint,
        (Message.ExponentialHistogramPoints, 1) => Message.ExponentialHistogramDataPoint,
        (Message.SummaryPoints, 1) => Message.SummaryDataPoint,
        (Message.NumberDataPoint, 7) or (Message.HistogramDataPoint, 9) or (Message.ExponentialHistogramDataPoint, 1) => Message.KeyValue,
        (Message.SummaryDataPoint, 7) or (Message.Exemplar, 7) => Message.KeyValue,
        (Message.NumberDataPoint, 5) or (Message.HistogramDataPoint, 8) or (Message.ExponentialHistogramDataPoint, 11) => Message.Exemplar,
        (Message.ExponentialHistogramDataPoint, 8) or (Message.ExponentialHistogramDataPoint, 9) => Message.Buckets,
        (Message.Resource, 1) or (Message.Scope, 3) or (Message.KeyValueList, 1) => Message.KeyValue,
        (Message.KeyValue, 2) or (Message.ArrayValue, 1) => Message.AnyValue,
        (Message.AnyValue, 5) => Message.ArrayValue,
        (Message.AnyValue, 6) => Message.KeyValueList,
        _ => Message.Opaque,
    };
}

/// <summary>Values (messages) and records (log records, spans, data points) of a request.</summary>
internal record struct Tally(long Values, long Records)
{
    public readonly bool Exceeds(Tally limit) => Values > limit.Values || Records > limit.Records;
}
