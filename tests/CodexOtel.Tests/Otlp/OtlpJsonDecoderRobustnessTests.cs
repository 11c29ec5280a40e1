using System.Text;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;

namespace CodexOtel.Tests.Otlp;

public class OtlpJsonDecoderRobustnessTests
{
    [Theory]
    [InlineData(Signal.Logs)]
    [InlineData(Signal.Traces)]
    [InlineData(Signal.Metrics)]
    public void Every_truncation_of_a_valid_request_fails_with_the_codec_exception(Signal signal)
    {
        var json = Encoding.UTF8.GetBytes(OtlpSamples.ToJson(signal, Rich(signal)));

        for (var length = 0; length < json.Length; length++)
        {
            var error = Assert.Throws<OtlpJsonException>(() => OtlpJsonDecoder.Decode(signal, json.AsSpan(0, length)));
            Assert.True(error.ByteOffset >= 0 && error.ByteOffset <= length, $"offset {error.ByteOffset} outside a {length}-byte input");
        }
    }

    [Theory]
    [InlineData(Signal.Logs)]
    [InlineData(Signal.Traces)]
    [InlineData(Signal.Metrics)]
    public void Corrupted_requests_either_decode_or_fail_with_the_codec_exception(Signal signal)
    {
        var original = Encoding.UTF8.GetBytes(OtlpSamples.ToJson(signal, Rich(signal)));
        var alphabet = "{}[],:\"\\0123456789-+.eEtruefalsnNI aZ\u00e9"u8;
        var random = new Random(4319 + (int)signal);

        for (var i = 0; i < 3_000; i++)
        {
            var json = (byte[])original.Clone();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                json[random.Next(json.Length)] = random.Next(8) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            try
            {
                OtlpJsonDecoder.Decode(signal, json);
                OtlpJsonDecoder.DetectSignal(json);
            }
            catch (OtlpJsonException)
            {
                // The only acceptable failure.
            }
        }
    }

    private static Google.Protobuf.IMessage Rich(Signal signal) => signal switch
    {
        Signal.Logs => OtlpSamples.RichLogs(),
        Signal.Traces => OtlpSamples.RichTraces(),
        _ => OtlpSamples.RichMetrics(),
    };
}
