using System.Text.Json.Serialization;

namespace CodexOtel.Query;

/// <summary>
/// One span of a turn's trace waterfall: when it started (and how long after the turn's first span), how long it took,
/// its status and attributes as recorded, and the spans it holds, in start order.
/// </summary>
public sealed record SpanView(
    string Name,
    string SpanId,
    DateTimeOffset Start,
    double OffsetMs,
    double DurationMs,
    string Status,
    string? StatusMessage,
    [property: JsonConverter(typeof(AttributeValuesJsonConverter))] IReadOnlyDictionary<string, object?> Attributes,
    IReadOnlyList<SpanView> Children);

/// <summary>
/// The spans of one turn (<see cref="Turn"/> as the timeline numbers them) as trees: <see cref="Start"/> is the first
/// span's start and <see cref="DurationMs"/> reaches the last span's end, the scale of the waterfall's bars.
/// </summary>
public sealed record TurnTraceView(int Turn, IReadOnlyList<string> TraceIds, DateTimeOffset Start, double DurationMs, IReadOnlyList<SpanView> Spans);
