using OpenTelemetry.Proto.Common.V1;

namespace CodexOtel.Bench.Payloads;

/// <summary>Short constructors for OTLP attributes.</summary>
internal static class Attr
{
    public static KeyValue Str(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static KeyValue Bool(string key, bool value) => new() { Key = key, Value = new AnyValue { BoolValue = value } };

    public static KeyValue Double(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };
}
