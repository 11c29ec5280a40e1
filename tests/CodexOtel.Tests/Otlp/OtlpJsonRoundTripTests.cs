using System.Text;
using System.Text.RegularExpressions;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Tests.Otlp;

public partial class OtlpJsonRoundTripTests
{
    [Fact]
    public void Traces_survive_protobuf_to_json_to_protobuf_with_every_field_set()
    {
        var original = ExportTraceServiceRequest.Parser.ParseFrom(OtlpSamples.RichTraces().ToByteArray());

        var decoded = OtlpJsonDecoder.DecodeTraces(Encoding.UTF8.GetBytes(OtlpSamples.ToJson(original)));

        Assert.Equal(original, decoded);
        Assert.Equal(original.ToByteArray(), decoded.ToByteArray());
    }

    [Fact]
    public void Logs_survive_protobuf_to_json_to_protobuf_with_every_field_set()
    {
        var original = ExportLogsServiceRequest.Parser.ParseFrom(OtlpSamples.RichLogs().ToByteArray());

        var decoded = OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(OtlpSamples.ToJson(original)));

        Assert.Equal(original, decoded);
        Assert.Equal(original.ToByteArray(), decoded.ToByteArray());
    }

    [Fact]
    public void Metrics_of_all_five_types_survive_protobuf_to_json_to_protobuf()
    {
        var original = ExportMetricsServiceRequest.Parser.ParseFrom(OtlpSamples.RichMetrics().ToByteArray());

        var decoded = OtlpJsonDecoder.DecodeMetrics(Encoding.UTF8.GetBytes(OtlpSamples.ToJson(original)));

        Assert.Equal(original, decoded);
        Assert.Equal(original.ToByteArray(), decoded.ToByteArray());
    }

    [Theory]
    [InlineData(Signal.Logs)]
    [InlineData(Signal.Traces)]
    [InlineData(Signal.Metrics)]
    public void Encoding_what_was_decoded_reproduces_the_same_json(Signal signal)
    {
        var first = OtlpSamples.ToJson(signal, Rich(signal));

        var second = OtlpSamples.ToJson(signal, OtlpJsonDecoder.Decode(signal, Encoding.UTF8.GetBytes(first)));

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(Signal.Logs)]
    [InlineData(Signal.Traces)]
    [InlineData(Signal.Metrics)]
    public void Encoded_json_names_its_own_signal(Signal signal)
    {
        var json = Encoding.UTF8.GetBytes(OtlpSamples.ToJson(signal, Rich(signal)));

        Assert.Equal(signal, OtlpJsonDecoder.DetectSignal(json));
    }

    [Fact]
    public void Snake_case_names_decode_like_camel_case_names()
    {
        var camel = OtlpSamples.ToJson(OtlpSamples.RichMetrics());
        var snake = ToSnakeCaseKeys(camel);
        Assert.NotEqual(camel, snake);

        var decoded = OtlpJsonDecoder.DecodeMetrics(Encoding.UTF8.GetBytes(snake));

        Assert.Equal(OtlpSamples.RichMetrics(), decoded);
    }

    [Fact]
    public void Snake_case_trace_and_log_names_decode_like_camel_case_names()
    {
        var traces = OtlpJsonDecoder.DecodeTraces(Encoding.UTF8.GetBytes(ToSnakeCaseKeys(OtlpSamples.ToJson(OtlpSamples.RichTraces()))));
        var logs = OtlpJsonDecoder.DecodeLogs(Encoding.UTF8.GetBytes(ToSnakeCaseKeys(OtlpSamples.ToJson(OtlpSamples.RichLogs()))));

        Assert.Equal(OtlpSamples.RichTraces(), traces);
        Assert.Equal(OtlpSamples.RichLogs(), logs);
    }

    private static IMessage Rich(Signal signal) => signal switch
    {
        Signal.Logs => OtlpSamples.RichLogs(),
        Signal.Traces => OtlpSamples.RichTraces(),
        _ => OtlpSamples.RichMetrics(),
    };

    /// <summary>Rewrites every "lowerCamel": key to "lower_camel": (keys only; values here hold no such text).</summary>
    private static string ToSnakeCaseKeys(string json) =>
        CamelCaseKey().Replace(
            json,
            m => "\"" + UpperCaseLetter().Replace(m.Groups[1].Value, c => "_" + c.Value.ToLowerInvariant()) + "\":");

    [GeneratedRegex("\"([a-z]+(?:[A-Z][a-z]*)+)\":")]
    private static partial Regex CamelCaseKey();

    [GeneratedRegex("([A-Z])")]
    private static partial Regex UpperCaseLetter();
}
