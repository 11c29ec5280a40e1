using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodexOtel.Ledger;
using CodexOtel.Metrics.Model;
using CodexOtel.Metrics.SpanMetrics;
using CodexOtel.Otlp.Json;
using CodexOtel.Tests.Otlp;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Tests.Metrics;

/// <summary>
/// <see cref="SpanLineReader"/> against <see cref="OtlpJsonDecoder"/>: what the reader takes from a traces line is
/// what the connector would take from the decoded request, in every form the decoder reads; and on lines that never
/// reach a ledger (torn, tampered) it ends, declining or reading something, without throwing.
/// </summary>
public class SpanLineReaderTests
{
    private static readonly string[] CamelFields =
    [
        "resourceSpans", "scopeSpans", "schemaUrl", "droppedAttributesCount", "entityRefs", "idKeys", "descriptionKeys",
        "traceId", "spanId", "parentSpanId", "traceState", "startTimeUnixNano", "endTimeUnixNano", "droppedEventsCount",
        "droppedLinksCount", "timeUnixNano", "stringValue", "intValue", "boolValue", "doubleValue", "arrayValue",
        "kvlistValue", "bytesValue",
    ];

    [Fact]
    public void Random_traces_give_the_connector_the_series_of_their_decoded_requests_in_every_form_the_decoder_reads()
    {
        var generator = new RandomOtlp(seed: 1616);
        var random = new Random(1616);
        var fast = new Connected();
        var decoded = new Connected();
        for (var i = 0; i < 120; i++)
        {
            var request = WithServices(generator.Traces(), random);
            var compact = OtlpSamples.ToJson(request);
            foreach (var line in new[] { compact, Rewrite(compact, random) })
            {
                var bytes = Encoding.UTF8.GetBytes(line);
                var input = new SpanMetricsInput();
                Assert.True(SpanLineReader.TryRead(bytes, input), line);
                var reference = SpanMetricsInput.Of(OtlpJsonDecoder.DecodeTraces(bytes));
                Assert.Equal(Render(reference), Render(input));
                fast.Connector.Consume(input);
                decoded.Connector.Consume(reference);
            }
        }

        Assert.NotEmpty(decoded.Series());
        Assert.Equal(decoded.Series(), fast.Series());
    }

    [Fact]
    public void Later_fields_override_earlier_ones_and_nulls_are_absent_as_in_the_decoder()
    {
        const string line = """
            { "resource_spans": [ null, {
                "scope_spans": [ { "spans": [
                  { "name": "first", "kind": 2, "name": "second", "kind": "SPAN_KIND_CLIENT", "status": { "code": 2 },
                    "status": { "message": "replaced" }, "start_time_unix_nano": 1000000, "end_time_unix_nano": "9000000",
                    "name": null, "events": [ null, { "name": "e", "attributes": [ { "value": { "kvlistValue": { "values": [] } }, "key": "k" } ] } ] },
                  { "status": { "code": "STATUS_CODE_ERROR", "code": 1 }, "kind": "7", "endTimeUnixNano": 5 } ] } ],
                "resource": { "attributes": [ { "key": "service.name", "value": { "stringValue": "gone" } } ] },
                "resource": { "attributes": [
                  { "value": { "stringValue": "svc" }, "key": "service.name" },
                  { "key": "service.namespace", "value": { "intValue": 3, "stringValue": "ns" } },
                  { "key": "service.name", "value": { "stringValue": "renamed" } },
                  { "key": "service\u002einstance.id", "value": { "stringValue": "i-1" } } ] },
                "unknown": { "deep": [ 1, 2.5e3, true, null, "x" ] } } ] }
            """;

        var bytes = Encoding.UTF8.GetBytes(line);
        var input = new SpanMetricsInput();

        Assert.True(SpanLineReader.TryRead(bytes, input));
        Assert.Equal(Render(SpanMetricsInput.Of(OtlpJsonDecoder.DecodeTraces(bytes))), Render(input));
        Assert.Equal("svc", input.Resources[0].Service);
        Assert.Equal(["ns/renamed", "i-1"], input.Resources[0].Labels.Select(l => l.Value));
        Assert.Equal(new SpanFacts(0, "second", 3, 0, 1_000_000, 9_000_000), input.Spans[0]);
        Assert.Equal(new SpanFacts(0, "", 7, 1, 0, 5), input.Spans[1]);
    }

    [Theory]
    [InlineData("""{"key":"other","value":{"intValue":1.0}}""")]
    [InlineData("""{"key":"other","value":{"bytesValue":"YQ"}}""")]
    [InlineData("""{"key":"other","value":{"doubleValue":"-Inf","arrayValue":{"values":[{"stringValue":"]}\\\"["}]}}}""")]
    public void Values_the_reader_passes_over_are_not_checked_so_their_rarer_spellings_do_not_cost_a_decode(string attribute)
    {
        var line = Encoding.UTF8.GetBytes($$$"""{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}},{{{attribute}}}]},"scopeSpans":[{"spans":[{"name":"s","attributes":[{{{attribute}}}],"endTimeUnixNano":"5"}]}]}]}""");
        var input = new SpanMetricsInput();

        Assert.True(SpanLineReader.TryRead(line, input));
        Assert.Equal(Render(SpanMetricsInput.Of(OtlpJsonDecoder.DecodeTraces(line))), Render(input));
    }

    [Theory]
    [InlineData("""{"key":"service.name","value":{"intValue":"7"}}""", "\"endTimeUnixNano\":\"5\"")]
    [InlineData("""{"key":"other","value":{"intValue":1}}""", "\"endTimeUnixNano\":5e0")]
    [InlineData("""{"key":"other","value":{"intValue":1}}""", "\"end\\u0054imeUnixNano\":\"5\"")]
    public void A_line_the_reader_was_not_written_for_is_declined_and_counted_from_its_decoding(string attribute, string end)
    {
        var line = Encoding.UTF8.GetBytes($$$"""{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}},{{{attribute}}}]},"scopeSpans":[{"spans":[{"name":"s",{{{end}}}}]}]}]}""");
        var input = new SpanMetricsInput();

        Assert.False(SpanLineReader.TryRead(line, input));
        Assert.Equal(0, input.Spans.Length);

        var prepared = new Connected().Consumer.Prepare([new LedgerLine(line, new LedgerCheckpoint("1", line.Length))], CancellationToken.None);
        var read = Assert.Single(prepared.Parts);
        Assert.Equal(Render(SpanMetricsInput.Of(OtlpJsonDecoder.DecodeTraces(line))), Render(read));
        Assert.Equal(5UL, Assert.Single(read.Spans.ToArray()).EndUnixNano);
    }

    [Fact]
    public void A_line_that_does_not_decode_is_skipped_with_a_warning_and_the_lines_around_it_are_counted()
    {
        var good = Encoding.UTF8.GetBytes(OtlpSamples.ToJson(OtlpSamples.RichTraces()));
        var connected = new Connected();
        LedgerLine[] lines =
        [
            new(good, new LedgerCheckpoint("1", 100)),
            new("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"torn"u8.ToArray(), new LedgerCheckpoint("1", 200)),
            new(good, new LedgerCheckpoint("1", 300)),
        ];

        var input = connected.Consumer.Prepare(lines, CancellationToken.None);

        var one = SpanMetricsInput.Of(OtlpJsonDecoder.DecodeTraces(good));
        Assert.Equal(2 * one.Spans.Length, Assert.Single(input.Parts).Spans.Length);
        var warning = Assert.Single(connected.Log.Warnings);
        Assert.Contains("does not decode", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutated_lines_the_decoder_accepts_are_read_with_its_spans_or_declined()
    {
        var generator = new RandomOtlp(seed: 9464);
        var random = new Random(9464);
        var read = 0;
        for (var i = 0; i < 1500; i++)
        {
            var line = Encoding.UTF8.GetBytes(OtlpSamples.ToJson(WithServices(Small(generator.Traces()), random)));
            var mutated = Mutate(line, random);
            ExportTraceServiceRequest request;
            try
            {
                request = OtlpJsonDecoder.DecodeTraces(mutated);
            }
            catch (OtlpJsonException)
            {
                continue; // never in a ledger: the next test holds the reader to ending on it
            }

            var input = new SpanMetricsInput();
            if (SpanLineReader.TryRead(mutated, input))
            {
                read++;
                Assert.Equal(Render(SpanMetricsInput.Of(request)), Render(input));
            }
            else
            {
                Assert.Equal(0, input.Spans.Length);
            }
        }

        Assert.InRange(read, 100, 1500); // mutations that leave valid OTLP-JSON (in strings, digits) are read
    }

    /// <summary>
    /// The reader trusts a ledger line to be valid OTLP-JSON and may read garbage in the values it skips; on a tampered
    /// ledger it must still end, declining or giving a result, and never throw or read out of bounds.
    /// </summary>
    [Fact]
    public void Garbage_and_torn_lines_end_in_a_decline_or_a_result_never_an_exception_or_a_hang()
    {
        var generator = new RandomOtlp(seed: 4242);
        var random = new Random(4242);
        var alphabet = "{}[]\",:\\ntfu0123456789-.eE \u00e9"u8.ToArray();
        for (var i = 0; i < 3000; i++)
        {
            var line = Encoding.UTF8.GetBytes(OtlpSamples.ToJson(Small(generator.Traces())));
            byte[] garbage = (i % 4) switch
            {
                0 => line[..random.Next(line.Length)], // torn
                1 => Enumerable.Range(0, random.Next(200)).Select(_ => (byte)random.Next(256)).ToArray(),
                2 => Enumerable.Range(0, random.Next(200)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray(),
                _ => Scramble(line, random),
            };

            var input = new SpanMetricsInput();
            if (!SpanLineReader.TryRead(garbage, input))
            {
                Assert.Equal(0, input.Spans.Length);
                Assert.Empty(input.Resources);
            }
        }
    }

    /// <summary>A valid line with a few dozen bytes overwritten by JSON's structural bytes, quotes and backslashes.</summary>
    private static byte[] Scramble(byte[] line, Random random)
    {
        var bytes = (byte[])line.Clone();
        var structural = "{}[]\"\\,:"u8.ToArray();
        for (var n = random.Next(1, 40); n > 0; n--)
        {
            bytes[random.Next(bytes.Length)] = structural[random.Next(structural.Length)];
        }

        return bytes;
    }

    /// <summary>Gives some resources service.name, service.namespace, service.instance.id (empty, repeated, unicode) as strings.</summary>
    internal static ExportTraceServiceRequest WithServices(ExportTraceServiceRequest request, Random random)
    {
        string[] names = ["codex_exec", "", "svc ✓ \"quoted\" \\ <&>", "中文", "a\u0000b"];
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var attributes = resourceSpans.Resource.Attributes;
            foreach (var key in (string[])["service.name", "service.namespace", "service.instance.id", "service.name"])
            {
                if (random.Next(3) > 0)
                {
                    attributes.Insert(random.Next(attributes.Count + 1), new KeyValue { Key = key, Value = new AnyValue { StringValue = names[random.Next(names.Length)] } });
                }
            }

            foreach (var span in resourceSpans.ScopeSpans.SelectMany(s => s.Spans))
            {
                // Durations that land in every bucket, zero and reversed ones included.
                span.StartTimeUnixNano = (ulong)random.NextInt64(0, 2_000_000_000_000_000_000);
                span.EndTimeUnixNano = random.Next(8) == 0 ? 0 : span.StartTimeUnixNano + (ulong)random.NextInt64(0, 20_000_000_000);
            }
        }

        return request;
    }

    private static ExportTraceServiceRequest Small(ExportTraceServiceRequest request)
    {
        while (request.ResourceSpans.Count > 1)
        {
            request.ResourceSpans.RemoveAt(1);
        }

        return request;
    }

    /// <summary>The same request in the decoder's other spellings: snake_case, enum names, times as numbers, fields reversed, nulls and unknown fields, whitespace.</summary>
    private static string Rewrite(string compact, Random random)
    {
        var node = Rewrite(JsonNode.Parse(compact)!, random);
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = random.Next(2) == 0 });
    }

    private static JsonNode Rewrite(JsonNode node, Random random)
    {
        switch (node)
        {
            case JsonObject obj:
                var rewritten = new JsonObject();
                var properties = obj.ToList();
                if (random.Next(2) == 0)
                {
                    properties.Reverse();
                }

                foreach (var (name, value) in properties)
                {
                    rewritten[Field(name, random)] = name switch
                    {
                        "kind" when random.Next(2) == 0 && value!.GetValue<int>() is >= 0 and <= 5 and var kind => JsonValue.Create(SpanKindName(kind)),
                        "code" when random.Next(2) == 0 && value!.GetValue<int>() is >= 0 and <= 2 and var code => JsonValue.Create(StatusName(code)),
                        "startTimeUnixNano" or "endTimeUnixNano" or "timeUnixNano" when random.Next(2) == 0 => JsonValue.Create(ulong.Parse(value!.GetValue<string>(), CultureInfo.InvariantCulture)),
                        _ => value is null ? null : Rewrite(value.DeepClone(), random),
                    };
                }

                if (random.Next(4) == 0)
                {
                    rewritten["x_unknown"] = random.Next(2) == 0 ? null : JsonNode.Parse("""{"a":[1,-2.5e-3,true,false,null,"s\n"],"b":{}}""");
                }

                return rewritten;
            case JsonArray array:
                var elements = new JsonArray();
                foreach (var element in array)
                {
                    elements.Add(element is null ? null : Rewrite(element.DeepClone(), random));
                }

                return elements;
            default:
                return node.DeepClone();
        }
    }

    private static string Field(string name, Random random) =>
        CamelFields.Contains(name) && random.Next(2) == 0 ? JsonNamingPolicy.SnakeCaseLower.ConvertName(name) : name;

    private static string SpanKindName(int kind) => ((Span.Types.SpanKind)kind) switch
    {
        Span.Types.SpanKind.Unspecified => "SPAN_KIND_UNSPECIFIED",
        Span.Types.SpanKind.Internal => "SPAN_KIND_INTERNAL",
        Span.Types.SpanKind.Server => "SPAN_KIND_SERVER",
        Span.Types.SpanKind.Client => "SPAN_KIND_CLIENT",
        Span.Types.SpanKind.Producer => "SPAN_KIND_PRODUCER",
        _ => "SPAN_KIND_CONSUMER",
    };

    private static string StatusName(int code) => code switch
    {
        0 => "STATUS_CODE_UNSET",
        1 => "STATUS_CODE_OK",
        _ => "STATUS_CODE_ERROR",
    };

    /// <summary>One mutation: a byte changed to one JSON cares about, removed, doubled, or the line cut short.</summary>
    private static byte[] Mutate(byte[] line, Random random)
    {
        var at = random.Next(line.Length);
        var bytes = line.ToList();
        var interesting = "{}[]\",:\\0123456789-.eEtfnu \u00ff"u8.ToArray();
        switch (random.Next(4))
        {
            case 0:
                bytes[at] = interesting[random.Next(interesting.Length)];
                break;
            case 1:
                bytes.RemoveAt(at);
                break;
            case 2:
                bytes.Insert(at, bytes[at]);
                break;
            default:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
        }

        return [.. bytes];
    }

    internal static List<string> Render(SpanMetricsInput input) =>
    [
        .. input.Resources.Select(r => $"resource {r.Service ?? "(none)"} {string.Join(',', r.Labels)}"),
        .. input.Spans.ToArray().Select(s => s.ToString()),
    ];

    /// <summary>A connector and a consumer on a registry of their own.</summary>
    private sealed class Connected
    {
        public Connected()
        {
            Connector = new SpanMetricsConnector(Registry, "test");
            Consumer = new SpanMetricsConsumer(Path.GetTempPath(), new MetricRegistry(), null!, TimeSpan.FromHours(1), Log);
        }

        public MetricRegistry Registry { get; } = new();

        public SpanMetricsConnector Connector { get; }

        public SpanMetricsConsumer Consumer { get; }

        public WarningLog Log { get; } = new();

        public List<string> Series() =>
        [
            .. Registry.Owned("test").SelectMany(family => family.Series.Select(s =>
                $"{family.Descriptor.PrometheusName}{{{string.Join(',', s.Labels.Labels)}}} {s.Value} {s.Count} {s.Sum:R} [{string.Join(',', s.BucketCounts)}] {s.StartUnixNano} {s.TimeUnixNano}"))
                .Order(StringComparer.Ordinal),
        ];
    }

    private sealed class WarningLog : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
