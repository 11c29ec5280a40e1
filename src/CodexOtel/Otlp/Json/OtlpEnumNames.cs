using System.Text;

namespace CodexOtel.Otlp.Json;

/// <summary>
/// The proto names of an OTLP enum, indexed by value, for inputs that spell enums as names
/// (the protobuf JSON mapping allows it; OTLP says integers).
/// </summary>
internal sealed class OtlpEnumNames
{
    public static readonly OtlpEnumNames SpanKind = new(
        "SpanKind",
        "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER",
        "SPAN_KIND_CONSUMER");

    public static readonly OtlpEnumNames StatusCode = new(
        "StatusCode", "STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR");

    public static readonly OtlpEnumNames AggregationTemporality = new(
        "AggregationTemporality",
        "AGGREGATION_TEMPORALITY_UNSPECIFIED", "AGGREGATION_TEMPORALITY_DELTA", "AGGREGATION_TEMPORALITY_CUMULATIVE");

    public static readonly OtlpEnumNames SeverityNumber = new(
        "SeverityNumber",
        ["SEVERITY_NUMBER_UNSPECIFIED", .. SeverityLevels()]);

    private readonly byte[][] names;

    private OtlpEnumNames(string enumName, params string[] names)
    {
        EnumName = enumName;
        this.names = Array.ConvertAll(names, Encoding.UTF8.GetBytes);
    }

    public string EnumName { get; }

    /// <summary>The value named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static IEnumerable<string> SeverityLevels()
    {
        foreach (var level in (string[])["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"])
        {
            yield return $"SEVERITY_NUMBER_{level}";
            for (var i = 2; i <= 4; i++)
            {
                yield return $"SEVERITY_NUMBER_{level}{i}";
            }
        }
    }
}
