using CodexOtel.Ledger;
using CodexOtel.Metrics.SpanMetrics;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Pipeline;
using CodexOtel.Tests.Otlp;
using CodexOtel.Tests.Otlp.Wire;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Tests.Metrics;

public sealed class SpanHandoverTests
{
    [Fact]
    public void What_the_protobuf_reader_reads_at_ingest_is_what_the_line_reader_reads_from_the_line_written()
    {
        var generator = new RandomOtlp(seed: 4317);
        var random = new Random(4317);
        var compared = 0;
        for (var i = 0; i < 300; i++)
        {
            var request = SpanLineReaderTests.WithServices(generator.Traces(), random).ToByteArray();
            // Fields in any order, split repeated fields, unknown fields and overridden oneofs, as protobuf allows.
            var protobuf = i % 2 == 0 ? request : WireScrambler.Scramble(ExportTraceServiceRequest.Parser.ParseFrom(request));
            if (Line(protobuf) is not { } line)
            {
                continue;
            }

            var atIngest = new SpanMetricsInput();
            Assert.True(SpanProtobufReader.TryRead(protobuf, atIngest));
            Assert.Equal(SpanLineReaderTests.Render(FromLine(line)), SpanLineReaderTests.Render(atIngest));
            compared++;
        }

        Assert.True(compared > 250, $"only {compared} requests took the fast path");
    }

    [Fact]
    public void A_service_attribute_that_is_not_a_string_is_declined_and_nothing_is_offered()
    {
        var request = Request(new AnyValue { IntValue = 7 });
        var handover = new SpanHandover();
        var line = Line(request)!;

        Assert.False(SpanProtobufReader.TryRead(request, new SpanMetricsInput()));
        handover.WillAppend(Signal.Traces, request, line);

        Assert.Null(handover.Take(line));
        Assert.Equal(0, handover.Spans);
    }

    [Fact]
    public void The_consumer_takes_what_was_offered_only_for_the_very_line_and_reads_any_other_itself()
    {
        var request = Request(new AnyValue { StringValue = "codex_exec" });
        var line = Line(request)!;
        var handover = new SpanHandover();
        handover.WillAppend(Signal.Traces, request, line);

        // Same length, one byte different: not the line that was offered.
        var other = (byte[])line.Clone();
        other[other.AsSpan().IndexOf("\"name\":\"s"u8) + 8] = (byte)'t';
        Assert.Null(handover.Take(other));

        var offered = handover.Take(line);
        Assert.NotNull(offered);
        Assert.Equal(SpanLineReaderTests.Render(FromLine(line)), SpanLineReaderTests.Render(offered));
        Assert.Null(handover.Take(line));
        Assert.Equal(0, handover.Spans);
    }

    [Fact]
    public void Past_its_bound_the_oldest_offers_go_so_lines_never_written_cannot_fill_it()
    {
        var handover = new SpanHandover();
        var lines = new List<byte[]>();
        var spans = 0;
        for (var i = 0; spans <= SpanHandover.MaxSpans + 10_000; i++)
        {
            var request = Request(new AnyValue { StringValue = $"svc-{i}" }, spans: 5_000);
            var line = Line(request)!;
            handover.WillAppend(Signal.Traces, request, line);
            lines.Add(line);
            spans += 5_000;
        }

        Assert.True(handover.Spans <= SpanHandover.MaxSpans, $"{handover.Spans} spans held");
        Assert.Null(handover.Take(lines[0]));
        Assert.NotNull(handover.Take(lines[^1]));
    }

    private static SpanMetricsInput FromLine(byte[] line)
    {
        var input = new SpanMetricsInput();
        if (!SpanLineReader.TryRead(line, input))
        {
            input.Add(OtlpJsonDecoder.DecodeTraces(line));
        }

        return input;
    }

    /// <summary>The one ledger line the sink writes for the request on its fast path; null when it takes another path.</summary>
    private static byte[]? Line(byte[] protobuf)
    {
        using var batch = LedgerLineEncoder.TryTranscode(Signal.Traces, protobuf, new LedgerOptions().MaxLineBytes, new ExportSender("alice", "10.0.0.5").Stamp, out _);
        return batch is { LineCount: 1 } ? batch.Span[..^1].ToArray() : null;
    }

    private static byte[] Request(AnyValue service, int spans = 1)
    {
        var scope = new ScopeSpans();
        for (var i = 0; i < spans; i++)
        {
            scope.Spans.Add(new Span { TraceId = OtlpSamples.TraceId, SpanId = OtlpSamples.SpanId, Name = "s", Kind = Span.Types.SpanKind.Client, StartTimeUnixNano = 1, EndTimeUnixNano = 9 });
        }

        var resourceSpans = new ResourceSpans { ScopeSpans = { scope } };
        resourceSpans.Resource = new OpenTelemetry.Proto.Resource.V1.Resource { Attributes = { new KeyValue { Key = "service.name", Value = service } } };
        return new ExportTraceServiceRequest { ResourceSpans = { resourceSpans } }.ToByteArray();
    }
}
