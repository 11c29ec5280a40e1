using System.Text.Json;
using System.Text.Unicode;
using CodexOtel.Metrics.Model;
using CodexOtel.Otlp.Json;
using static CodexOtel.Otlp.Json.OtlpJsonDecoder;

namespace CodexOtel.Metrics.SpanMetrics;

/// <summary>
/// Reads what spanmetrics needs from an OTLP-JSON traces line (<see cref="SpanMetricsInput"/>) in one forward pass over
/// its bytes: the services of the resources, and each span's name, kind, status code and times. Everything else
/// (attributes, events, links, ids) is checked as <see cref="OtlpJsonDecoder"/> checks it, but not kept. It reads the
/// request as the decoder does, in any field order, in camelCase or snake_case, with enums as numbers or names,
/// integers as numbers or strings, a later field overriding an earlier one, nulls as absent; so a line it reads gives
/// the connector what the decoded request would. What it was not written for it declines (false), and so any line
/// the decoder might refuse: the caller then decodes the line, which also says what is wrong with it. It declines
/// property names with escapes, numbers in forms other than plain integers where integers are due, bytes values
/// that are not padded standard base64, service attributes that are not strings, lone surrogates and invalid UTF-8.
/// </summary>
internal static partial class SpanLineReader
{
    [ThreadStatic]
    private static Utf8StringCache? t_names;

    /// <summary>Adds the line's resources and spans to <paramref name="input"/>; false (and nothing added) when declined.</summary>
    public static bool TryRead(ReadOnlySpan<byte> line, SpanMetricsInput input)
    {
        line = WithoutBom(line);
        if (!Utf8.IsValid(line))
        {
            return false;
        }

        var mark = input.Mark;
        try
        {
            var json = new JsonCursor(line);
            ReadRequest(ref json, input, t_names ??= new Utf8StringCache());
            return true;
        }
        catch (Exception e) when (e is Declined or JsonException or InvalidOperationException)
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
            else if (Is(name, "schemaUrl"u8, "schema_url"u8))
            {
                json.String(out _);
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
                ReadKeyValues(ref json, depth: 0, ref service, capture: true);
            }
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                UInt32(ref json);
            }
            else if (Is(name, "entityRefs"u8, "entity_refs"u8))
            {
                json.StartArray();
                for (var more = true; NextMessage(ref json, ref more);)
                {
                    ReadEntityRef(ref json);
                }
            }
            else
            {
                json.Skip();
            }
        }
    }

    private static void ReadEntityRef(ref JsonCursor json)
    {
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (Is(name, "type"u8) || Is(name, "schemaUrl"u8, "schema_url"u8))
            {
                json.String(out _);
            }
            else if (Is(name, "idKeys"u8, "id_keys"u8) || Is(name, "descriptionKeys"u8, "description_keys"u8))
            {
                json.StartArray();
                var firstKey = true;
                while (json.NextElement(ref firstKey))
                {
                    json.String(out _);
                }
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
            else if (Is(name, "scope"u8))
            {
                ReadScope(ref json);
            }
            else if (Is(name, "schemaUrl"u8, "schema_url"u8))
            {
                json.String(out _);
            }
            else
            {
                json.Skip();
            }
        }
    }

    private static void ReadScope(ref JsonCursor json)
    {
        json.StartObject();
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (Is(name, "name"u8) || Is(name, "version"u8))
            {
                json.String(out _);
            }
            else if (Is(name, "attributes"u8))
            {
                SkipKeyValues(ref json, depth: 0);
            }
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                UInt32(ref json);
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
            // In the order the encoder writes them, so the common case tests few names.
            if (Is(name, "traceId"u8, "trace_id"u8))
            {
                Id(ref json, HexId.TraceIdBytes);
            }
            else if (Is(name, "spanId"u8, "span_id"u8) || Is(name, "parentSpanId"u8, "parent_span_id"u8))
            {
                Id(ref json, HexId.SpanIdBytes);
            }
            else if (Is(name, "flags"u8) || Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8)
                || Is(name, "droppedEventsCount"u8, "dropped_events_count"u8) || Is(name, "droppedLinksCount"u8, "dropped_links_count"u8))
            {
                UInt32(ref json);
            }
            else if (Is(name, "name"u8))
            {
                spanName = json.Text(names);
            }
            else if (Is(name, "kind"u8))
            {
                kind = Enum(ref json, OtlpEnumNames.SpanKind);
            }
            else if (Is(name, "startTimeUnixNano"u8, "start_time_unix_nano"u8))
            {
                start = UInt64(ref json);
            }
            else if (Is(name, "endTimeUnixNano"u8, "end_time_unix_nano"u8))
            {
                end = UInt64(ref json);
            }
            else if (Is(name, "attributes"u8))
            {
                SkipKeyValues(ref json, depth: 0);
            }
            else if (Is(name, "status"u8))
            {
                status = ReadStatus(ref json); // a second "status" replaces the first, code and all
            }
            else if (Is(name, "traceState"u8, "trace_state"u8))
            {
                json.String(out _);
            }
            else if (Is(name, "events"u8))
            {
                json.StartArray();
                for (var more = true; NextMessage(ref json, ref more);)
                {
                    SkipEvent(ref json);
                }
            }
            else if (Is(name, "links"u8))
            {
                json.StartArray();
                for (var more = true; NextMessage(ref json, ref more);)
                {
                    SkipLink(ref json);
                }
            }
            else
            {
                json.Skip();
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
            else if (Is(name, "message"u8))
            {
                json.String(out _);
            }
            else
            {
                json.Skip();
            }
        }

        return code;
    }

    private static void SkipEvent(ref JsonCursor json)
    {
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (Is(name, "timeUnixNano"u8, "time_unix_nano"u8))
            {
                UInt64(ref json);
            }
            else if (Is(name, "name"u8))
            {
                json.String(out _);
            }
            else if (Is(name, "attributes"u8))
            {
                SkipKeyValues(ref json, depth: 0);
            }
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                UInt32(ref json);
            }
            else
            {
                json.Skip();
            }
        }
    }

    private static void SkipLink(ref JsonCursor json)
    {
        var first = true;
        while (json.NextProperty(ref first, out var name))
        {
            if (Is(name, "traceId"u8, "trace_id"u8))
            {
                Id(ref json, HexId.TraceIdBytes);
            }
            else if (Is(name, "spanId"u8, "span_id"u8))
            {
                Id(ref json, HexId.SpanIdBytes);
            }
            else if (Is(name, "traceState"u8, "trace_state"u8))
            {
                json.String(out _);
            }
            else if (Is(name, "attributes"u8))
            {
                SkipKeyValues(ref json, depth: 0);
            }
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8) || Is(name, "flags"u8))
            {
                UInt32(ref json);
            }
            else
            {
                json.Skip();
            }
        }
    }

    /// <summary>
    /// The resource attributes spanmetrics reads, as <see cref="ResourceLabels"/> reads them from a decoded resource:
    /// service.name's first value for the service, and the last value of each for the labels.
    /// </summary>
    private struct ServiceFields
    {
        public bool ServiceSeen;
        public string? Service;
        public string? Name;
        public string? Namespace;
        public string? Instance;

        public readonly SpanResource Resource() => Service is null && Name is null && Instance is null
            ? SpanResource.None
            : new SpanResource(Service, [.. ResourceLabels.Of(Name, Namespace, Instance)]);
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
