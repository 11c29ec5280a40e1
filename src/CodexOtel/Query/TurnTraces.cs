using System.Text;
using CodexOtel.Codex;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Query;

/// <summary>
/// A conversation's spans, per turn, from the traces ledger (the index holds logs only). Codex's log records carry the
/// trace id of the span they were logged in, so a turn's records name its traces; the spans are the traces ledger's
/// lines holding those ids. Only the segments written to while the conversation ran (and a little after: spans are
/// exported when they end, in batches) are read, never the whole ledger.
/// </summary>
public static class TurnTraces
{
    /// <summary>How long after its last record a conversation's spans may still reach the ledger (batched export, exit flush).</summary>
    public static readonly TimeSpan ExportSlack = TimeSpan.FromMinutes(2);

    /// <summary>Each turn with at least one span, in turn order.</summary>
    public static IReadOnlyList<TurnTraceView> Read(string dataDir, ConversationTimeline timeline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var turnOfTrace = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var turn in timeline.Turns)
        {
            foreach (var traceId in turn.Items.Select(e => e.TraceId).OfType<string>())
            {
                turnOfTrace.TryAdd(traceId, turn.Number);
            }
        }

        if (turnOfTrace.Count == 0)
        {
            return [];
        }

        var spans = ReadSpans(dataDir, turnOfTrace.Keys, timeline.Events[0].Time, timeline.Events[^1].Time + ExportSlack, cancellationToken);
        return [.. spans
            .GroupBy(s => turnOfTrace[Hex(s.TraceId)])
            .OrderBy(g => g.Key)
            .Select(g => TurnView(g.Key, [.. g]))];
    }

    /// <summary>The spans of the traces, from the lines written between <paramref name="from"/> and <paramref name="until"/> (by segment).</summary>
    private static List<Span> ReadSpans(string dataDir, IEnumerable<string> traceIds, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var ids = traceIds.ToHashSet(StringComparer.Ordinal);
        var needles = ids.Select(id => Encoding.ASCII.GetBytes($"\"{id}\"")).ToArray();
        var tailer = new LedgerTailer(dataDir, Signal.Traces);
        var found = new List<Span>();
        var at = tailer.WrittenSince(from);
        if (at is null)
        {
            return found;
        }

        // Lines with none of the ids are claimed (and so not kept) without being decoded.
        LineClaim<object> skip = line => Holds(line, needles) ? null : Skipped;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = tailer.ReadNext(at, skip);
            if (batch.Lines.Count == 0)
            {
                break;
            }

            for (var i = 0; i < batch.Lines.Count; i++)
            {
                var line = batch.Lines[i];
                if (line.After.SegmentId != at?.SegmentId && at is not null && WrittenAfter(tailer, at, until))
                {
                    // The segment just read through was last written after the range, so every later one starts after it.
                    return found;
                }

                at = line.After;
                if (batch.Claims[i] is null)
                {
                    Collect(OtlpJsonDecoder.DecodeTraces(line.Bytes), ids, found);
                }
            }
        }

        return found;
    }

    private static readonly object Skipped = new();

    private static bool Holds(ReadOnlySpan<byte> line, byte[][] needles)
    {
        foreach (var needle in needles)
        {
            if (line.IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool WrittenAfter(LedgerTailer tailer, LedgerCheckpoint at, DateTimeOffset until) =>
        tailer.LastWritten(at) is { } written && written > until;

    private static void Collect(OpenTelemetry.Proto.Collector.Trace.V1.ExportTraceServiceRequest request, HashSet<string> ids, List<Span> found)
    {
        foreach (var resource in request.ResourceSpans)
        {
            foreach (var scope in resource.ScopeSpans)
            {
                found.AddRange(scope.Spans.Where(s => ids.Contains(Hex(s.TraceId))));
            }
        }
    }

    private static TurnTraceView TurnView(int turn, List<Span> spans)
    {
        // A span exported twice (a client's retry) is shown once.
        spans = [.. spans.DistinctBy(s => (Hex(s.TraceId), Hex(s.SpanId)))];
        var start = spans.Min(s => s.StartTimeUnixNano);
        var end = spans.Max(s => Math.Max(s.EndTimeUnixNano, s.StartTimeUnixNano));
        var known = spans.Select(s => Hex(s.SpanId)).ToHashSet(StringComparer.Ordinal);
        var children = spans.ToLookup(s => s.ParentSpanId.IsEmpty || !known.Contains(Hex(s.ParentSpanId)) ? "" : Hex(s.ParentSpanId));

        SpanView View(Span s) => new(
            s.Name,
            Hex(s.SpanId),
            Time(s.StartTimeUnixNano),
            Millis(s.StartTimeUnixNano - start),
            Millis(s.EndTimeUnixNano > s.StartTimeUnixNano ? s.EndTimeUnixNano - s.StartTimeUnixNano : 0),
            StatusOf(s.Status),
            string.IsNullOrEmpty(s.Status?.Message) ? null : s.Status.Message,
            Attributes(s),
            [.. children[Hex(s.SpanId)].OrderBy(c => c.StartTimeUnixNano).Select(View)]);

        return new TurnTraceView(
            turn,
            [.. spans.Select(s => Hex(s.TraceId)).Distinct(StringComparer.Ordinal)],
            Time(start),
            Millis(end - start),
            [.. children[""].OrderBy(s => s.StartTimeUnixNano).Select(View)]);
    }

    /// <summary>The span's attributes; a key recorded twice (a tracing field set again) keeps its last value.</summary>
    private static Dictionary<string, object?> Attributes(Span span)
    {
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var attribute in span.Attributes)
        {
            attributes[attribute.Key] = AnyValues.ToObject(attribute.Value);
        }

        return attributes;
    }

    private static string StatusOf(Status? status) => status?.Code switch
    {
        Status.Types.StatusCode.Ok => "ok",
        Status.Types.StatusCode.Error => "error",
        _ => "unset",
    };

    private static string Hex(Google.Protobuf.ByteString id) => Convert.ToHexStringLower(id.Span);

    private static DateTimeOffset Time(ulong nanos) => DateTimeOffset.UnixEpoch.AddTicks((long)(nanos / 100));

    private static double Millis(ulong nanos) => nanos / 1_000_000.0;
}
