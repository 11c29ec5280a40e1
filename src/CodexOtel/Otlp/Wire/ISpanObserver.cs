namespace CodexOtel.Otlp.Wire;

/// <summary>
/// Shown what <see cref="OtlpProtobufTranscoder"/> reads of each span as it writes it, so that a reader of a few span
/// fields (spanmetrics) needs no pass of its own over the request: the spans' attributes, events and links, most of
/// its bytes, are then read once. Every value is the last one the request gives, as in the line written.
/// </summary>
public interface ISpanObserver
{
    /// <summary>A ResourceSpans begins: its Resource message (empty when it has none). Its spans follow.</summary>
    void Resource(ReadOnlySpan<byte> resource);

    /// <summary>A span of the last resource: its name (UTF-8), kind, times, and Status message (empty when none).</summary>
    void Span(ReadOnlySpan<byte> name, int kind, ulong start, ulong end, ReadOnlySpan<byte> status);
}
