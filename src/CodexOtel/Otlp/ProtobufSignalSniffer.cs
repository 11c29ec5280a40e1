using Google.Protobuf;

namespace CodexOtel.Otlp;

/// <summary>
/// Tells which signal a protobuf export request carries when it arrives at "/" (Codex posts there when its endpoint
/// has no path). All three requests look alike down to the records, so it reads the first records' field numbers and
/// wire types and keeps the one signal whose record type allows them all.
/// </summary>
public static class ProtobufSignalSniffer
{
    private const WireFormat.WireType Len = WireFormat.WireType.LengthDelimited;
    private const WireFormat.WireType Varint = WireFormat.WireType.Varint;
    private const WireFormat.WireType I64 = WireFormat.WireType.Fixed64;
    private const WireFormat.WireType I32 = WireFormat.WireType.Fixed32;

    // Field number → wire type of LogRecord, Span and Metric (the OTLP protos).
    private static readonly Dictionary<int, WireFormat.WireType> LogRecordFields = Table(
        (1, I64), (11, I64), (2, Varint), (3, Len), (5, Len), (6, Len), (7, Varint), (8, I32), (9, Len), (10, Len), (12, Len));

    private static readonly Dictionary<int, WireFormat.WireType> SpanFields = Table(
        (1, Len), (2, Len), (3, Len), (4, Len), (5, Len), (6, Varint), (7, I64), (8, I64), (9, Len), (10, Varint),
        (11, Len), (12, Varint), (13, Len), (14, Varint), (15, Len), (16, I32));

    private static readonly Dictionary<int, WireFormat.WireType> MetricFields = Table(
        (1, Len), (2, Len), (3, Len), (5, Len), (7, Len), (9, Len), (10, Len), (11, Len), (12, Len));

    private const int RecordsToRead = 8;

    /// <summary>The signal, or null when the body holds no records to tell by (or is not an export request).</summary>
    public static Signal? Detect(ReadOnlySpan<byte> body)
    {
        var candidates = new HashSet<Signal>(SignalNames.All);
        var seen = 0;
        try
        {
            foreach (var resource in Fields(ByteString.CopyFrom(body), 1))
            {
                foreach (var scope in Fields(resource, 2))
                {
                    foreach (var record in Fields(scope, 2))
                    {
                        Narrow(candidates, record);
                        if (++seen >= RecordsToRead || candidates.Count <= 1)
                        {
                            return candidates.Count == 1 ? candidates.First() : null;
                        }
                    }
                }
            }
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }

        return seen > 0 && candidates.Count == 1 ? candidates.First() : null;
    }

    private static void Narrow(HashSet<Signal> candidates, ByteString record)
    {
        var input = record.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            var type = WireFormat.GetTagWireType(tag);
            Allow(candidates, Signal.Logs, LogRecordFields, number, type);
            Allow(candidates, Signal.Traces, SpanFields, number, type);
            Allow(candidates, Signal.Metrics, MetricFields, number, type);
            input.SkipLastField();
        }
    }

    private static void Allow(HashSet<Signal> candidates, Signal signal, Dictionary<int, WireFormat.WireType> fields, int number, WireFormat.WireType type)
    {
        if (!fields.TryGetValue(number, out var expected) || expected != type)
        {
            candidates.Remove(signal);
        }
    }

    private static Dictionary<int, WireFormat.WireType> Table(params (int Field, WireFormat.WireType Type)[] fields) =>
        fields.ToDictionary(f => f.Field, f => f.Type);

    /// <summary>The values of one length-delimited field of a message.</summary>
    private static IEnumerable<ByteString> Fields(ByteString message, int fieldNumber)
    {
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == fieldNumber && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                yield return input.ReadBytes();
            }
            else
            {
                input.SkipLastField();
            }
        }
    }
}
