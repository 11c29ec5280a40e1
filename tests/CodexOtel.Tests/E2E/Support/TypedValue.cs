using System.Collections;
using System.Text.Json.Nodes;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>
/// Attribute and body values written with their OTLP type, the form send-otlp-json.mjs prints:
/// {"string": "x"}, {"int": 1}, {"double": 1.5}, {"bool": true}, {"bytes": "base64"}, {"array": [...]}, {"kvlist": {...}}.
/// Comparing these keeps "7" apart from 7 and 7 apart from 7.0.
/// </summary>
public static class TypedValue
{
    public static JsonNode Of(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => Scalar("string", value.StringValue),
        AnyValue.ValueOneofCase.BoolValue => Scalar("bool", value.BoolValue),
        AnyValue.ValueOneofCase.IntValue => Scalar("int", value.IntValue),
        AnyValue.ValueOneofCase.DoubleValue => Scalar("double", value.DoubleValue),
        AnyValue.ValueOneofCase.BytesValue => Scalar("bytes", value.BytesValue.ToBase64()),
        AnyValue.ValueOneofCase.ArrayValue => Typed("array", new JsonArray([.. value.ArrayValue.Values.Select(Of)])),
        AnyValue.ValueOneofCase.KvlistValue => Typed("kvlist", Of(value.KvlistValue.Values)),
        _ => new JsonObject(),
    };

    public static JsonObject Of(RepeatedField<KeyValue> attributes)
    {
        var result = new JsonObject();
        foreach (var kv in attributes)
        {
            result[kv.Key] = Of(kv.Value);
        }

        return result;
    }

    /// <summary>A .NET value as OpenTelemetry .NET exports it: integers as int, floating point as double, arrays element-wise.</summary>
    public static JsonNode OfClr(object value) => value switch
    {
        string s => Scalar("string", s),
        bool b => Scalar("bool", b),
        int or long or short or byte => Scalar("int", Convert.ToInt64(value, null)),
        double or float => Scalar("double", Convert.ToDouble(value, null)),
        IEnumerable items => Typed("array", new JsonArray([.. items.Cast<object>().Select(OfClr)])),
        _ => Scalar("string", value.ToString() ?? ""),
    };

    public static JsonObject OfClr(IEnumerable<KeyValuePair<string, object?>> attributes)
    {
        var result = new JsonObject();
        foreach (var (key, value) in attributes)
        {
            result[key] = OfClr(value!);
        }

        return result;
    }

    private static JsonObject Scalar<T>(string type, T value) => new() { [type] = JsonValue.Create(value) };

    private static JsonObject Typed(string type, JsonNode value) => new() { [type] = value };
}
