using System.Text;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;

namespace CodexOtel.Tests.Otlp;

public class OtlpJsonPropertyTests
{
    [Fact]
    public void Five_hundred_random_messages_round_trip_from_protobuf_through_json()
    {
        var generator = new RandomOtlp(seed: 4317);
        for (var i = 0; i < 500; i++)
        {
            var signal = (Signal)(i % 3);
            var original = generator.Request(signal);
            var json = OtlpSamples.ToJson(signal, original);

            var decoded = OtlpJsonDecoder.Decode(signal, Encoding.UTF8.GetBytes(json));

            Assert.Equal(original, decoded);
            Assert.Equal(json, OtlpSamples.ToJson(signal, decoded));
        }
    }

    [Fact]
    public void Random_messages_decode_the_same_from_their_pretty_printed_json()
    {
        var generator = new RandomOtlp(seed: 4318);
        for (var i = 0; i < 60; i++)
        {
            var signal = (Signal)(i % 3);
            var original = generator.Request(signal);
            var compact = OtlpSamples.ToJson(signal, original);
            var pretty = System.Text.Json.Nodes.JsonNode.Parse(compact)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

            Assert.Equal(original, OtlpJsonDecoder.Decode(signal, Encoding.UTF8.GetBytes(pretty)));
        }
    }
}
