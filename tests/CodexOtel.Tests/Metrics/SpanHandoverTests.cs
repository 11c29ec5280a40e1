using CodexOtel.Ledger;
using CodexOtel.Metrics.SpanMetrics;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Otlp.Wire;
using CodexOtel.Pipeline;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Ledger;
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
    public void What_the_transcoder_shows_of_a_request_is_what_the_line_reader_reads_from_the_line_it_wrote()
    {
        var generator = new RandomOtlp(seed: 4317);
        var random = new Random(4317);
        var compared = 0;
        for (var i = 0; i < 300; i++)
        {
            var request = SpanLineReaderTests.WithServices(generator.Traces(), random).ToByteArray();
            // Fields in any order, split repeated fields, unknown fields and overridden oneofs, as protobuf allows.
            var protobuf = i % 2 == 0 ? request : WireScrambler.Scramble(ExportTraceServiceRequest.Parser.ParseFrom(request));
            var capture = new SpanCapture(new SpanHandover(), new SpanMetricsInput());
            if (Line(protobuf, capture) is not { } line)
            {
                continue;
            }

            Assert.NotNull(capture.Complete());
            Assert.Equal(SpanLineReaderTests.Render(FromLine(line)), SpanLineReaderTests.Render(capture.Input));
            compared++;
        }

        Assert.True(compared > 250, $"only {compared} requests took the fast path");
    }

    [Fact]
    public void A_service_attribute_that_is_not_a_string_is_declined_and_nothing_is_noted()
    {
        var capture = new SpanHandover().Begin(Signal.Traces)!;

        Assert.NotNull(Line(Request(new AnyValue { IntValue = 7 }), capture));
        Assert.Null(capture.Complete());
        Assert.Null(new SpanHandover().Begin(Signal.Logs));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lines_serve_wrote_are_taken_at_their_position_unread_and_the_rest_read_giving_what_reading_every_line_gives(bool rotate)
    {
        using var dir = new TempDirectory("handover");
        var options = new LedgerOptions { MaxSegmentBytes = rotate ? 4_000 : 64 << 20, CompressRotated = false };
        var handover = new SpanHandover();
        await using (var ledger = LedgerTestData.Open(dir.Path, options))
        {
            var sink = new LedgerSink(ledger, options) { LineObserver = handover };
            var generator = new RandomOtlp(seed: 4318);
            for (var i = 0; i < 40; i++)
            {
                var request = generator.Traces();
                // Every third request as decoded objects (no note, as for JSON): the consumer reads those lines itself.
                await (i % 3 == 2
                    ? sink.ExportAsync(Signal.Traces, request, sender: null, CancellationToken.None)
                    : sink.ExportProtobufAsync(Signal.Traces, request.ToByteArray(), sender: null, CancellationToken.None));
            }
        }

        var everyLine = new List<string>();
        foreach (var line in new LedgerTailer(dir.Path, Signal.Traces).ReadNext(null, int.MaxValue))
        {
            everyLine.AddRange(SpanLineReaderTests.Render(FromLine(line.Bytes)));
        }

        var (read, held) = (0, 0);
        var consumed = new List<string>();
        var tailer = new LedgerTailer(dir.Path, Signal.Traces);
        LedgerCheckpoint? from = null;
        while (tailer.ReadEach(
            from,
            (line, _) =>
            {
                consumed.AddRange(SpanLineReaderTests.Render(FromLine(line.ToArray())));
                read++;
            },
            maxBytes: 3_000,
            held: (segment, start, limit) =>
            {
                if (handover.TakeAt(segment, start, limit) is not var (end, input))
                {
                    return -1;
                }

                consumed.AddRange(SpanLineReaderTests.Render(input));
                handover.Return(input);
                held++;
                return end;
            }) is { } after)
        {
            from = after;
        }

        Assert.Equal(new LedgerTailer(dir.Path, Signal.Traces).End(), from);
        Assert.True(held >= 15 && read >= 5, $"{held} lines held, {read} read");
        Assert.Equal(everyLine, consumed);
        Assert.Equal(0, handover.Spans);
        Assert.True(!rotate || LedgerSegment.List(dir.Path, Signal.Traces).Count > 3, "the ledger should have rotated");
    }

    [Fact]
    public void A_line_past_what_the_reader_sees_is_left_for_a_later_read_and_a_withdrawn_one_is_never_taken()
    {
        var handover = new SpanHandover();
        var request = Request(new AnyValue { StringValue = "svc" });
        Note(handover, request).Written("segment", 0, 100);
        var withdrawn = Note(handover, request);
        withdrawn.Written("segment", 100, 200);

        Assert.Null(handover.TakeAt("segment", 0, limit: 99));
        Assert.Equal(100, handover.TakeAt("segment", 0, limit: 100)?.End);
        withdrawn.Withdrawn();
        Assert.Null(handover.TakeAt("segment", 100, long.MaxValue));
        Assert.Equal(0, handover.Spans);
    }

    [Fact]
    public void Past_its_bound_the_oldest_lines_go_so_lines_never_taken_cannot_fill_it()
    {
        var handover = new SpanHandover();
        var request = Request(new AnyValue { StringValue = "svc" }, spans: 5_000);
        var lines = 0;
        for (var spans = 0; spans <= SpanHandover.MaxSpans + 10_000; spans += 5_000)
        {
            Note(handover, request).Written("segment", lines * 100L, (lines + 1) * 100L);
            lines++;
        }

        Assert.True(handover.Spans <= SpanHandover.MaxSpans, $"{handover.Spans} spans held");
        Assert.Null(handover.TakeAt("segment", 0, long.MaxValue));
        Assert.Equal((lines * 100L, 5_000), handover.TakeAt("segment", (lines - 1) * 100L, long.MaxValue) is var (end, input) ? (end, input.Spans.Length) : default);
    }

    [Fact]
    public void A_pooled_input_comes_back_empty_with_its_room_and_the_pool_keeps_no_more_room_than_its_bound()
    {
        var pool = new SpanMetricsInputPool(maxSpans: 1_500);
        var (first, second) = (pool.Rent(), pool.Rent());
        foreach (var input in new[] { first, second })
        {
            var resource = input.AddResource(SpanResource.None);
            for (var i = 0; i < 600; i++)
            {
                input.AddSpan(new SpanFacts(resource, "s", 1, 0, 1, 9));
            }
        }

        var room = first.Capacity;

        pool.Return(first);
        pool.Return(second);

        Assert.Equal(room, pool.Capacity);
        var again = pool.Rent();
        Assert.Same(first, again);
        Assert.Equal((0, 0), again.Mark);
        Assert.Equal(room, again.Capacity);
        Assert.Equal(0, pool.Capacity);
        Assert.NotSame(second, pool.Rent());
    }

    /// <summary>The note for the request's line, as the ledger sink takes it while the transcoder writes the line.</summary>
    private static ILedgerLineNote Note(SpanHandover handover, byte[] request)
    {
        var capture = handover.Begin(Signal.Traces)!;
        Assert.NotNull(Line(request, capture));
        return capture.Complete()!;
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
    private static byte[]? Line(byte[] protobuf, ISpanObserver spans)
    {
        using var batch = LedgerLineEncoder.TryTranscode(Signal.Traces, protobuf, new LedgerOptions().MaxLineBytes, new ExportSender("alice", "10.0.0.5").Stamp, out _, spans);
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
