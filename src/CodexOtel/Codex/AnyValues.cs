using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenTelemetry.Proto.Common.V1;

namespace CodexOtel.Codex;

/// <summary>
/// Reads OTLP attribute values whatever type Codex happened to send them as: numbers arrive as strings, ints or
/// doubles, booleans as bools or "true"/"false".
/// </summary>
internal static class AnyValues
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_json;

    /// <summary>The value for an attribute map: string, long, double or bool; arrays and maps as JSON text.</summary>
    public static object? ToObject(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue => ToJson(value),
        _ => null,
    };

    public static string? String(AnyValue? value) => value?.ValueCase switch
    {
        null or AnyValue.ValueOneofCase.None => null,
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        _ => Convert.ToString(ToObject(value), CultureInfo.InvariantCulture),
    };

    public static long? Long(AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.IntValue:
                return value.IntValue;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue):
                return (long)value.DoubleValue;
            case AnyValue.ValueOneofCase.StringValue:
                var s = value.StringValue.AsSpan().Trim();
                if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    return l;
                }

                return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? (long)d
                    : null;
            default:
                return null;
        }
    }

    public static double? Double(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        AnyValue.ValueOneofCase.StringValue when double.TryParse(
            value.StringValue.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public static decimal? Decimal(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue)
            && Math.Abs(value.DoubleValue) < 7.9e27 => (decimal)value.DoubleValue,
        AnyValue.ValueOneofCase.StringValue when decimal.TryParse(
            value.StringValue.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var m) => m,
        _ => null,
    };

    public static bool? Bool(AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.BoolValue:
                return value.BoolValue;
            case AnyValue.ValueOneofCase.IntValue:
                return value.IntValue != 0;
            case AnyValue.ValueOneofCase.StringValue:
                var s = value.StringValue.AsSpan().Trim();
                if (s.Equals("true", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                return s.Equals("false", StringComparison.OrdinalIgnoreCase) ? false : null;
            default:
                return null;
        }
    }

    /// <summary>Arrays and key-value lists as compact JSON (rare in Codex telemetry; kept so raw views lose nothing).</summary>
    public static string ToJson(AnyValue value)
    {
        var buffer = t_json ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter json, AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                json.WriteStringValue(value.StringValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                json.WriteNumberValue(value.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue):
                json.WriteNumberValue(value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                json.WriteStringValue(value.DoubleValue.ToString(CultureInfo.InvariantCulture));
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                json.WriteBooleanValue(value.BoolValue);
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                json.WriteBase64StringValue(value.BytesValue.Span);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                json.WriteStartArray();
                foreach (var item in value.ArrayValue.Values)
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                json.WriteStartObject();
                foreach (var kv in value.KvlistValue.Values)
                {
                    json.WritePropertyName(kv.Key);
                    Write(json, kv.Value);
                }

                json.WriteEndObject();
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }
}
