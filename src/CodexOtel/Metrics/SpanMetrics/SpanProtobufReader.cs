using System.Text;
using CodexOtel.Otlp.Wire;
using static CodexOtel.Otlp.Wire.WireReader;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// Reads what spanmetrics needs from an OTLP/protobuf traces request (<see cref="SpanMetricsInput"/>), skipping every
/// other field by its length: a span's attributes, events and links cost a tag each. Serve runs it at ingest on a
/// request the transcoder has just written as one ledger line (<see cref="SpanHandover"/>), so what it reads is what
/// <see cref="SpanLineReader"/> would read from that line: the same resources and spans in the same order, the last
/// value of a field where protobuf repeats one. The transcoder has checked the bytes (well-formed, valid UTF-8, no
/// second resource or status); a service attribute that is not a string is declined, as the line reader declines it.
/// </summary>
internal static class SpanProtobufReader
{
    [ThreadStatic]
    private static Utf8StringCache? t_names;

    /// <summary>Adds the request's resources and spans to <paramref name="input"/>; false (and nothing added) when declined.</summary>
    public static bool TryRead(ReadOnlySpan<byte> request, SpanMetricsInput input)
    {
        var mark = input.Mark;
        try
        {
            var names = t_names ??= new Utf8StringCache();
            var reader = new WireReader(request);
            while (reader.TryReadTag(out var tag))
            {
                if (tag == Tag(1, Len))
                {
                    ReadResourceSpans(reader.ReadBytes(), input, names);
                }
                else
                {
                    reader.Skip(tag);
                }
            }

            return true;
        }
        catch (WireFormatException)
        {
            input.Truncate(mark);
            return false;
        }
    }

    // trace.proto ResourceSpans: resource 1, scope_spans 2 (the resource may come after its spans).
    private static void ReadResourceSpans(ReadOnlySpan<byte> resourceSpans, SpanMetricsInput input, Utf8StringCache names)
    {
        var index = input.AddResource(SpanResource.None);
        var service = default(ServiceFields);
        var reader = new WireReader(resourceSpans);
        while (reader.TryReadTag(out var tag))
        {
            if (tag == Tag(1, Len))
            {
                ReadResource(reader.ReadBytes(), ref service);
            }
            else if (tag == Tag(2, Len))
            {
                ReadScopeSpans(reader.ReadBytes(), input, index, names);
            }
            else
            {
                reader.Skip(tag);
            }
        }

        input.SetResource(index, service.Resource());
    }

    // resource.proto Resource: attributes 1, each a common.proto KeyValue (key 1, the last one given; value 2).
    private static void ReadResource(ReadOnlySpan<byte> resource, ref ServiceFields service)
    {
        var reader = new WireReader(resource);
        while (reader.TryReadNext(Tag(1, Len), out var keyValue))
        {
            var fields = new WireReader(keyValue);
            ReadOnlySpan<byte> key = default, value = default;
            var hasValue = false;
            while (fields.TryReadTag(out var tag))
            {
                if (tag == Tag(1, Len))
                {
                    key = fields.ReadBytes();
                }
                else if (tag == Tag(2, Len))
                {
                    value = fields.ReadBytes();
                    hasValue = true;
                }
                else
                {
                    fields.Skip(tag);
                }
            }

            var text = Encoding.UTF8.GetString(key);
            if (ServiceFields.Wants(text))
            {
                var (kind, stringValue) = hasValue ? ReadAnyValue(value) : (ServiceValueKind.None, null);
                if (!service.Capture(text, kind, stringValue))
                {
                    throw new WireFormatException();
                }
            }
        }
    }

    // common.proto AnyValue: a oneof, of which the last field given is the value; string_value is 1.
    private static (ServiceValueKind Kind, string? Text) ReadAnyValue(ReadOnlySpan<byte> anyValue)
    {
        var reader = new WireReader(anyValue);
        (ServiceValueKind Kind, string? Text) value = (ServiceValueKind.None, null);
        while (reader.TryReadTag(out var tag))
        {
            if (tag == Tag(1, Len))
            {
                value = (ServiceValueKind.String, Encoding.UTF8.GetString(reader.ReadBytes()));
                continue;
            }

            // Another type (bool_value 2, int_value 3, double_value 4, array_value 5, kvlist_value 6, bytes_value 7);
            // a field of another number or wire type is unknown, and leaves the value as it was.
            if (tag is ((2 << 3) | Varint) or ((3 << 3) | Varint) or ((4 << 3) | Fixed64) or ((5 << 3) | Len) or ((6 << 3) | Len) or ((7 << 3) | Len))
            {
                value = (ServiceValueKind.Other, null);
            }

            reader.Skip(tag);
        }

        return value;
    }

    // trace.proto ScopeSpans: spans 2.
    private static void ReadScopeSpans(ReadOnlySpan<byte> scopeSpans, SpanMetricsInput input, int resource, Utf8StringCache names)
    {
        var reader = new WireReader(scopeSpans);
        while (reader.TryReadTag(out var tag))
        {
            if (tag == Tag(2, Len))
            {
                ReadSpan(reader.ReadBytes(), input, resource, names);
            }
            else
            {
                reader.Skip(tag);
            }
        }
    }

    // trace.proto Span: name 5, kind 6, start_time_unix_nano 7, end_time_unix_nano 8, status 15 (code 3).
    private static void ReadSpan(ReadOnlySpan<byte> span, SpanMetricsInput input, int resource, Utf8StringCache names)
    {
        var reader = new WireReader(span);
        ReadOnlySpan<byte> name = default;
        int kind = 0, status = 0;
        ulong start = 0, end = 0;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (5 << 3) | Len:
                    name = reader.ReadBytes();
                    break;
                case (6 << 3) | Varint:
                    kind = (int)reader.ReadVarint();
                    break;
                case (7 << 3) | Fixed64:
                    start = reader.ReadFixed64();
                    break;
                case (8 << 3) | Fixed64:
                    end = reader.ReadFixed64();
                    break;
                case (15 << 3) | Len:
                    status = StatusCode(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(tag);
                    break;
            }
        }

        input.AddSpan(new SpanFacts(resource, names.Get(name), kind, status, start, end));
    }

    private static int StatusCode(ReadOnlySpan<byte> status)
    {
        var reader = new WireReader(status);
        var code = 0;
        while (reader.TryReadTag(out var tag))
        {
            if (tag == Tag(3, Varint))
            {
                code = (int)reader.ReadVarint();
            }
            else
            {
                reader.Skip(tag);
            }
        }

        return code;
    }
}
