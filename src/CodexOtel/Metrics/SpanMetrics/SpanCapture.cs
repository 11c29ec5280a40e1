using System.Text;
using CodexOtel.Ledger;
using CodexOtel.Otlp.Wire;
using CodexOtel.Pipeline;
using static CodexOtel.Otlp.Wire.WireReader;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// Spanmetrics' inputs of one OTLP/protobuf traces request, taken as the transcoder writes its ledger line
/// (<see cref="ISpanObserver"/>): per resource its service attributes, per span its name, kind, times and status code;
/// the same resources and spans in the same order as <see cref="SpanLineReader"/> reads from the line written. A
/// service attribute that is not a string is declined, as the line reader declines it, and the line is then read.
/// </summary>
internal sealed class SpanCapture(SpanHandover handover, SpanMetricsInput input) : ILedgerLineCapture
{
    [ThreadStatic]
    private static Utf8StringCache? t_names;

    private readonly Utf8StringCache _names = t_names ??= new Utf8StringCache();
    private int _resource = -1;
    private bool _declined;

    /// <summary>What was taken so far.</summary>
    public SpanMetricsInput Input => input;

    public void Resource(ReadOnlySpan<byte> resource)
    {
        var service = default(ServiceFields);
        try
        {
            ReadResource(resource, ref service);
        }
        catch (WireFormatException)
        {
            _declined = true;
        }

        _resource = input.AddResource(service.Resource());
    }

    public void Span(ReadOnlySpan<byte> name, int kind, ulong start, ulong end, ReadOnlySpan<byte> status) =>
        input.AddSpan(new SpanFacts(_resource, _names.Get(name), kind, StatusCode(status), start, end));

    public ILedgerLineNote? Complete()
    {
        if (_declined)
        {
            Discard();
            return null;
        }

        return handover.NoteFor(input);
    }

    public void Discard() => handover.Return(input);

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
