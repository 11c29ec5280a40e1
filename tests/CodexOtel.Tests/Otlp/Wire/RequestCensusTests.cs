using System.Collections;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Wire;
using CodexOtel.Tests.Receivers;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using OpenTelemetry.Proto.Metrics.V1;

namespace CodexOtel.Tests.Otlp.Wire;

public sealed class RequestCensusTests
{
    private static readonly Tally NoLimit = new(long.MaxValue, long.MaxValue);

    public static TheoryData<Signal, string> Requests => new()
    {
        { Signal.Logs, nameof(OtlpSamples.RichLogs) },
        { Signal.Traces, nameof(OtlpSamples.RichTraces) },
        { Signal.Metrics, nameof(OtlpSamples.RichMetrics) },
        { Signal.Traces, "Spans" },
        { Signal.Metrics, "Metrics" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void The_wire_count_of_values_and_records_is_what_decoding_makes(Signal signal, string sample)
    {
        IMessage request = sample switch
        {
            nameof(OtlpSamples.RichLogs) => OtlpSamples.RichLogs(),
            nameof(OtlpSamples.RichTraces) => OtlpSamples.RichTraces(),
            nameof(OtlpSamples.RichMetrics) => OtlpSamples.RichMetrics(),
            "Spans" => OtlpRequests.Spans(40),
            _ => OtlpRequests.Metrics(),
        };

        var count = RequestCensus.Count(signal, request.ToByteArray(), NoLimit);

        Assert.Equal(new Tally(Values(request), CodexOtel.Ledger.RequestSplitter.CountRecords(request)), count);
    }

    [Theory]
    [InlineData(Signal.Logs)]
    [InlineData(Signal.Traces)]
    [InlineData(Signal.Metrics)]
    public void The_wire_count_matches_decoding_for_random_requests(Signal signal)
    {
        var random = new RandomOtlp(seed: 11);
        for (var i = 0; i < 200; i++)
        {
            var request = random.Request(signal);

            var count = RequestCensus.Count(signal, request.ToByteArray(), NoLimit);

            Assert.Equal(new Tally(Values(request), CodexOtel.Ledger.RequestSplitter.CountRecords(request)), count);
        }
    }

    [Fact]
    public void Counting_stops_soon_after_the_limit()
    {
        var count = RequestCensus.Count(Signal.Logs, EmptyLogRecords.Protobuf(1000), new Tally(long.MaxValue, 10));

        Assert.Equal(11, count.Records);
    }

    [Fact]
    public void A_protobuf_request_over_the_record_limit_is_refused_naming_the_limit_and_the_fix()
    {
        var refused = Assert.Throws<ExportTooLargeException>(() => ExportRequests.DecodeProtobuf(Signal.Logs, EmptyLogRecords.Protobuf(ExportLimits.MaxRecords + 1)));

        Assert.Equal("the request holds more than 100,000 records (log records, spans or data points); send smaller batches", refused.Message);
    }

    [Fact]
    public void A_json_request_over_the_value_limit_is_refused_however_its_values_nest()
    {
        var attributes = string.Join(",", Enumerable.Repeat("{}", ExportLimits.MaxValues));
        var json = System.Text.Encoding.UTF8.GetBytes($$"""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{{attributes}}]}]}]}]}""");

        var refused = Assert.Throws<ExportTooLargeException>(() => ExportLimits.CheckJson(json));

        Assert.Contains("more than 1,000,000 records, attributes and other values", refused.Message);
    }

    /// <summary>Every message in the request, by protobuf reflection; packed bucket counts count a value per byte, as on the wire.</summary>
    private static long Values(IMessage message)
    {
        long values = 0;
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.Message))
        {
            var value = field.Accessor.GetValue(message);
            IEnumerable children = field.IsRepeated ? (IList)value : field.Accessor.HasValue(message) ? new[] { value } : [];
            foreach (IMessage child in children)
            {
                values += child is ExponentialHistogramDataPoint.Types.Buckets buckets ? 1 + buckets.CalculateSize() : 1 + Values(child);
            }
        }

        return values;
    }
}
