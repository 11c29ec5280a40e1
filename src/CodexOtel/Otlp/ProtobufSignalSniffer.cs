using Google.Protobuf;

namespace CodexOtel.Otlp;

/// <summary>
/// Tells which signal a protobuf export request carries when it arrives at "/" (Codex posts there when its endpoint
/// has no path). All three requests look alike down to the records, so it reads the first records' field numbers and
/// wire types and keeps the one signal whose record type allows them all.
/// </summary>
public static class ProtobufSignalSniffer
{
    // Field number → wire type of LogRecord, Span and Metric (the OTLP protos).
    private static readonly Dictionary<int, WireFormat.WireType> LogRecordFields = new()
    {
        [1] = WireFormat.WireType.Fixed64, [11] = WireFormat.WireType.Fixed64, [2] = WireFormat.WireType.Varint,
        [3] = WireFormat.WireType.LengthDelimited, [5] = WireFormat.WireType.LengthDelimited,
        [6] = WireFormat.WireType.LengthDelimited, [7] = WireFormat.WireType.Varint, [8] = WireFormat.WireType.Fixed32,
        [9] = WireFormat.WireType.LengthDelimited, [10] = WireFormat.WireType.LengthDelimited,
        [12] = WireFormat.WireType.LengthDelimited,
    };

    private static readonly Dictionary<int, WireFormat.WireType> SpanFields = new()
    {
        [1] = WireFormat.WireType.LengthDelimited, [2] = WireFormat.WireType.LengthDelimited,
        [3] = WireFormat.WireType.LengthDelimited, [4] = WireFormat.WireType.LengthDelimited,
        [5] = WireFormat.WireType.LengthDelimited, [6] = WireFormat.WireType.Varint, [7] = WireFormat.WireType.Fixed64,
        [8] = WireFormat.WireType.Fixed64, [9] = WireFormat.WireType.LengthDelimited, [10] = WireFormat.WireType.Varint,
        [11] = WireFormat.WireType.LengthDelimited, [12] = WireFormat.WireType.Varint,
        [13] = WireFormat.WireType.LengthDelimited, [14] = WireFormat.WireType.Varint,
        [15] = WireFormat.WireType.LengthDelimited, [16] = WireFormat.WireType.Fixed32,
    };

    private static readonly Dictionary<int, WireFormat.WireType> MetricFields = new()
    {
        [1] = WireFormat.WireType.LengthDelimited, [2] = WireFormat.WireType.LengthDelimited,
        [3] = WireFormat.WireType.LengthDelimited, [5] = WireFormat.WireType.LengthDelimited,
        [7] = WireFormat.WireType.LengthDelimited, [9] = WireFormat.WireType.LengthDelimited,
        [10] = WireFormat.WireType.LengthDelimited, [11] = WireFormat.WireType.LengthDelimited,
        [12] = WireFormat.WireType.LengthDelimited,
    };

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
