using CodexOtel.Otlp.Json;
using static CodexOtel.Otlp.Json.OtlpJsonDecoder;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// Reads what spanmetrics needs from an OTLP-JSON traces ledger line (<see cref="SpanMetricsInput"/>) in one forward
/// pass over its bytes: the services of the resources, and each span's name, kind, status code and times. It reads
/// these as <see cref="OtlpJsonDecoder"/> does — in any field order, camelCase or snake_case, enums as numbers or
/// names, integers as numbers or strings, a later field overriding an earlier one, nulls as absent — and passes over
/// everything else by its structure alone (<see cref="JsonCursor"/>), unchecked.
/// <para>
/// That is sound because of what the ledger holds: every traces line was written by our encoder or accepted by the
/// decoder before it was appended, so it is valid OTLP-JSON, and for valid OTLP-JSON the reader gives what the
/// decoded request would. On other bytes (a tampered ledger) it stays in bounds and ends, either declining or
/// reading something: it may accept a line the decoder refuses (garbage in a value it skips), never throw anything
/// else. What it was not written for it declines (false): property names with escapes, integers in forms other than
/// plain digits, service attributes that are not strings; the caller then decodes the line.
/// </para>
/// </summary>
internal static partial class SpanLineReader
{
    [ThreadStatic]
    private static Utf8StringCache? t_names;

    /// <summary>Adds the line's resources and spans to <paramref name="input"/>; false (and nothing added) when declined.</summary>
    public static bool TryRead(ReadOnlySpan<byte> line, SpanMetricsInput input)
    {
        var mark = input.Mark;
        try
        {
            var json = new JsonCursor(WithoutBom(line));
            ReadRequest(ref json, input, t_names ??= new Utf8StringCache());
            return true;
        }
        catch (Declined)
        {
            input.Truncate(mark);
            return false;
        }
    }

    private static void ReadRequest(ref JsonCursor json, SpanMetricsInput input, Utf8StringCache names)
    {
        json.StartObject();
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (Is(name, "resourceSpans"u8, "resource_spans"u8))
            {
                json.StartArray();
                for (var more = true; NextMessage(ref json, ref more);)
                {
                    ReadResourceSpans(ref json, input, names);
                }
            }
            else
            {
                json.Skip();
            }
        }

        if (!json.AtEnd)
        {
            throw new Declined();
        }
    }

    private static void ReadResourceSpans(ref JsonCursor json, SpanMetricsInput input, Utf8StringCache names)
    {
        // The resource may come after its spans: they name it by index, and it is filled in at the end.
        var index = input.AddResource(SpanResource.None);
        var service = default(ServiceFields);
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (Is(name, "resource"u8))
            {
                service = default; // a second "resource" replaces the first
                ReadResource(ref json, ref service);
            }
            else if (Is(name, "scopeSpans"u8, "scope_spans"u8))
            {
                json.StartArray();
                for (var more = true; NextMessage(ref json, ref more);)
                {
                    ReadScopeSpans(ref json, input, index, names);
                }
            }
            else
            {
                json.Skip();
            }
        }

        input.SetResource(index, service.Resource());
    }

    private static void ReadResource(ref JsonCursor json, ref ServiceFields service)
    {
        json.StartObject();
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (Is(name, "attributes"u8))
            {
                ReadServiceAttributes(ref json, ref service);
            }
            else
            {
                json.Skip();
            }
        }
    }

    private static void ReadScopeSpans(ref JsonCursor json, SpanMetricsInput input, int resource, Utf8StringCache names)
    {
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (Is(name, "spans"u8))
            {
                json.StartArray();
                for (var more = true; NextMessage(ref json, ref more);)
                {
                    input.AddSpan(ReadSpan(ref json, resource, names));
                }
            }
            else
            {
                json.Skip();
            }
        }
    }

    private static SpanFacts ReadSpan(ref JsonCursor json, int resource, Utf8StringCache names)
    {
        string spanName = "";
        int kind = 0, status = 0;
        ulong start = 0, end = 0;
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            // By length first: most of a span's fields are none of these, and are passed over after one compare.
            switch (name.Length)
            {
                case 4 when Is(name, "name"u8):
                    spanName = json.Text(names);
                    break;
                case 4 when Is(name, "kind"u8):
                    kind = Enum(ref json, OtlpEnumNames.SpanKind);
                    break;
                case 6 when Is(name, "status"u8):
                    status = ReadStatus(ref json); // a second "status" replaces the first, code and all
                    break;
                case 17 when Is(name, "startTimeUnixNano"u8):
                case 20 when Is(name, "start_time_unix_nano"u8):
                    start = UInt64(ref json);
                    break;
                case 15 when Is(name, "endTimeUnixNano"u8):
                case 18 when Is(name, "end_time_unix_nano"u8):
                    end = UInt64(ref json);
                    break;
                default:
                    json.Skip();
                    break;
            }
        }

        return new SpanFacts(resource, spanName, kind, status, start, end);
    }

    private static int ReadStatus(ref JsonCursor json)
    {
        json.StartObject();
        var code = 0;
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (Is(name, "code"u8))
            {
                code = Enum(ref json, OtlpEnumNames.StatusCode);
            }
            else
            {
                json.Skip();
            }
        }

        return code;
    }

    /// <summary>
    /// In an array of messages (after its <c>[</c>): true with the cursor inside the next object, after its <c>{</c>;
    /// null elements are passed over as the decoder does.
    /// </summary>
    private static bool NextMessage(ref JsonCursor json, ref bool first)
    {
        while (json.NextElement(ref first))
        {
            if (!json.TakeNull())
            {
                json.StartObject();
                return true;
            }
        }

        return false;
    }
}
