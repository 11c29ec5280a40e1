using System.Text;
using System.Text.Json;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using CodexOtel.Otlp.Wire;
using CodexOtel.Pipeline;
using CodexOtel.Tests.E2E.Support;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Tests.Otlp.Wire;

public class OtlpProtobufTranscoderTests
{
    [Fact]
    public void Random_logs_and_traces_transcode_to_exactly_what_the_encoder_writes_for_the_decoded_request()
    {
        var generator = new RandomOtlp(seed: 2026);
        for (var i = 0; i < 400; i++)
        {
            var signal = i % 2 == 0 ? Signal.Logs : Signal.Traces;
            var request = generator.Request(signal);

            AssertSameAsGeneralPath(signal, request.ToByteArray());
        }
    }

    [Fact]
    public void Fields_in_any_order_split_repeated_fields_unknown_fields_and_overridden_oneofs_read_as_protobuf_defines()
    {
        var generator = new RandomOtlp(seed: 2027);
        for (var i = 0; i < 200; i++)
        {
            var signal = i % 2 == 0 ? Signal.Logs : Signal.Traces;
            var scrambled = WireScrambler.Scramble(generator.Request(signal));

            AssertSameAsGeneralPath(signal, scrambled);
        }
    }

    [Fact]
    public void The_rich_samples_and_a_real_codex_capture_transcode_like_the_encoder()
    {
        AssertSameAsGeneralPath(Signal.Traces, OtlpSamples.RichTraces().ToByteArray());
        AssertSameAsGeneralPath(Signal.Logs, OtlpSamples.RichLogs().ToByteArray());
        var capture = RepoRoot.Combine("tests", "CodexOtel.Tests", "Codex", "Fixtures", "ledger-tool-turn.logs.jsonl");
        foreach (var line in File.ReadLines(capture).Where(l => l.Length > 0))
        {
            AssertSameAsGeneralPath(Signal.Logs, OtlpJsonDecoder.Decode(Signal.Logs, Encoding.UTF8.GetBytes(line)).ToByteArray());
        }
    }

    [Fact]
    public void Absent_messages_are_written_as_pdata_writes_them()
    {
        var traces = new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { new Span { Name = "s" } } } } } } };
        var logs = new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { new LogRecord { Attributes = { new KeyValue { Key = "k" } } } } } } } } };

        Assert.Equal(
            """{"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{},"spans":[{"name":"s","status":{}}]}]}]}""",
            AssertSameAsGeneralPath(Signal.Traces, traces.ToByteArray()));
        Assert.Equal(
            """{"resourceLogs":[{"resource":{},"scopeLogs":[{"scope":{},"logRecords":[{"body":{},"attributes":[{"key":"k","value":{}}]}]}]}]}""",
            AssertSameAsGeneralPath(Signal.Logs, logs.ToByteArray()));
        Assert.Equal("{}", AssertSameAsGeneralPath(Signal.Logs, []));
    }

    [Fact]
    public void With_a_sender_stamp_random_and_scrambled_requests_transcode_to_exactly_what_the_encoder_writes_for_the_stamped_request()
    {
        var generator = new RandomOtlp(seed: 2028);
        ResourceStamp[] stamps =
        [
            new ExportSender("alice-laptop", "10.0.0.5").Stamp,
            new ExportSender(null, "::1").Stamp,
            new ExportSender("quo\"te\\é", null).Stamp,
            new ExportSender(null, null).Stamp,
        ];
        for (var i = 0; i < 200; i++)
        {
            var signal = i % 2 == 0 ? Signal.Logs : Signal.Traces;
            var request = generator.Request(signal);
            var stamp = stamps[i % stamps.Length];

            AssertSameAsGeneralPath(signal, request.ToByteArray(), stamp);
            AssertSameAsGeneralPath(signal, WireScrambler.Scramble(request), stamp);
        }
    }

    [Fact]
    public void A_stamp_is_written_after_the_resource_attributes_and_gives_an_absent_resource_attributes()
    {
        var stamp = new ExportSender("alice", "127.0.0.1").Stamp;
        var absent = new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { new Span { Name = "s" } } } } } } };
        var named = new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = new() { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "codex" } } } } } } };

        Assert.Equal(
            """{"resourceSpans":[{"resource":{"attributes":[{"key":"codex_otel.sender.key","value":{"stringValue":"alice"}},{"key":"codex_otel.sender.address","value":{"stringValue":"127.0.0.1"}}]},"scopeSpans":[{"scope":{},"spans":[{"name":"s","status":{}}]}]}]}""",
            AssertSameAsGeneralPath(Signal.Traces, absent.ToByteArray(), stamp));
        Assert.Equal(
            """{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"codex"}},{"key":"codex_otel.sender.key","value":{"stringValue":"alice"}},{"key":"codex_otel.sender.address","value":{"stringValue":"127.0.0.1"}}]}}]}""",
            AssertSameAsGeneralPath(Signal.Logs, named.ToByteArray(), stamp));
    }

    [Fact]
    public void A_resource_that_names_its_own_sender_is_left_to_the_general_path_which_writes_the_stamp_in_its_place()
    {
        var stamp = new ExportSender(null, "127.0.0.1").Stamp;
        var forged = new ExportLogsServiceRequest
        {
            ResourceLogs =
            {
                new ResourceLogs
                {
                    Resource = new()
                    {
                        Attributes =
                        {
                            new KeyValue { Key = ExportSender.KeyAttribute, Value = new AnyValue { StringValue = "bob" } },
                            new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "codex" } },
                            new KeyValue { Key = ExportSender.AddressAttribute, Value = new AnyValue { StringValue = "10.9.9.9" } },
                        },
                    },
                },
            },
        };

        Assert.False(Transcode(Signal.Logs, forged.ToByteArray(), out _, out _, stamp));
        stamp.Apply(forged);
        Assert.Equal(
            """{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"codex"}},{"key":"codex_otel.sender.address","value":{"stringValue":"127.0.0.1"}}]}}]}""",
            OtlpSamples.ToJson(Signal.Logs, forged));
    }

    [Fact]
    public void It_counts_the_records_it_writes()
    {
        var request = OtlpSamples.RichTraces();
        var expected = request.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count));

        Assert.True(Transcode(Signal.Traces, request.ToByteArray(), out _, out var records));
        Assert.Equal(expected, records);
    }

    [Fact]
    public void Requests_it_does_not_cover_are_left_to_the_general_path()
    {
        var badSpanId = Spans(span => span.SpanId = ByteString.CopyFrom(1, 2, 3));
        var badTraceId = Spans(span => span.TraceId = ByteString.CopyFrom(new byte[15]));
        var badLinkId = Spans(span => span.Links.Add(new Span.Types.Link { SpanId = ByteString.CopyFrom(new byte[9]) }));
        var invalidUtf8 = WithRawName([0x61, 0xC3, 0x28]);
        var twoStatuses = JoinedSpans(Spans(span => span.Status = new Status { Message = "a" }), Spans(span => span.Status = new Status { Code = Status.Types.StatusCode.Error }));
        var truncated = Spans(span => span.Name = "truncated")[..^3];
        var deep = new AnyValue { StringValue = "leaf" };
        for (var i = 0; i < OtlpProtobufTranscoder.MaxDepth + 1; i++)
        {
            deep = new AnyValue { ArrayValue = new ArrayValue { Values = { deep } } };
        }

        var tooDeep = new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { new LogRecord { Body = deep } } } } } } };

        foreach (var traces in new[] { badSpanId, badTraceId, badLinkId, invalidUtf8, twoStatuses, truncated })
        {
            Assert.False(Transcode(Signal.Traces, traces, out _, out _));
        }

        Assert.False(Transcode(Signal.Logs, tooDeep.ToByteArray(), out _, out _));
        Assert.False(Transcode(Signal.Metrics, OtlpSamples.RichMetrics().ToByteArray(), out _, out _));
    }

    // What the general path writes: the decoded request, stamped (when there is a stamp), encoded.
    private static string AssertSameAsGeneralPath(Signal signal, byte[] protobuf, ResourceStamp? stamp = null)
    {
        var decoded = ExportRequests.DecodeProtobuf(signal, protobuf);
        stamp?.Apply(decoded);
        var expected = OtlpSamples.ToJson(signal, decoded);

        Assert.True(Transcode(signal, protobuf, out var json, out _, stamp), "the fast path declined a request it covers");
        Assert.Equal(expected, json);
        return json;
    }

    private static bool Transcode(Signal signal, byte[] protobuf, out string json, out long records, ResourceStamp? stamp = null)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        var written = OtlpProtobufTranscoder.TryWrite(writer, signal, protobuf, stamp, out records);
        writer.Flush();
        json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        return written;
    }

    private static byte[] Spans(Action<Span> change)
    {
        var span = new Span { TraceId = OtlpSamples.TraceId, SpanId = OtlpSamples.SpanId, Name = "s" };
        change(span);
        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { span } } } } } }.ToByteArray();
    }

    // A span named by raw bytes, which need not be UTF-8.
    private static byte[] WithRawName(byte[] name)
    {
        var span = Raw(output =>
        {
            output.WriteTag(5, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(name));
        });
        return Wrap(Wrap(Wrap(span, 2), 2), 1);
    }

    // Two requests whose single spans are joined into one span message: its fields are then given twice.
    private static byte[] JoinedSpans(byte[] first, byte[] second)
    {
        var a = ExportTraceServiceRequest.Parser.ParseFrom(first).ResourceSpans[0].ScopeSpans[0].Spans[0].ToByteArray();
        var b = ExportTraceServiceRequest.Parser.ParseFrom(second).ResourceSpans[0].ScopeSpans[0].Spans[0].ToByteArray();
        return Wrap(Wrap(Wrap([.. a, .. b], 2), 2), 1);
    }

    private static byte[] Wrap(byte[] message, int fieldNumber) => Raw(output =>
    {
        output.WriteTag(fieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(message));
    });

    private static byte[] Raw(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }
}
