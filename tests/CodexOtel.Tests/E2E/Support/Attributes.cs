using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>Lookups on OTLP attribute lists and ids.</summary>
public static class Attributes
{
    public static AnyValue? Find(this RepeatedField<KeyValue> attributes, string key) =>
        attributes.FirstOrDefault(kv => kv.Key == key)?.Value;

    /// <summary>The value as text whatever its OTLP type (Codex sends some numbers as strings, some as ints).</summary>
    public static string? Text(this RepeatedField<KeyValue> attributes, string key) => attributes.Find(key) switch
    {
        null => null,
        { ValueCase: AnyValue.ValueOneofCase.StringValue } v => v.StringValue,
        { ValueCase: AnyValue.ValueOneofCase.IntValue } v => v.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        { ValueCase: AnyValue.ValueOneofCase.BoolValue } v => v.BoolValue ? "true" : "false",
        var v => v.ToString(),
    };

    /// <summary>Lowercase hex, "" for an absent id, as OTLP-JSON writes ids.</summary>
    public static string Hex(this ByteString id) => Convert.ToHexStringLower(id.Span);
}
