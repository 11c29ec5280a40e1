using System.Globalization;
using System.Text.Json;
using CodexOtel.Otlp.Json;
using CodexOtel.Otlp.Wire;

namespace CodexOtel.Otlp;

/// <summary>
/// What one export request may hold once decoded, beside its size in bytes. An empty record or attribute takes two
/// bytes of protobuf (three of JSON) but a hundred or more once decoded into message objects, so a 20 MiB request
/// could become gigabytes; counting its records and values before decoding bounds that. Real clients stay far
/// below both: an SDK batch is 512–2048 records, the collector's batch processor sends 8192, Codex at most 512 spans.
/// </summary>
public static class ExportLimits
{
    /// <summary>Log records, spans or metric data points in one request (12× the collector's default batch).</summary>
    public const int MaxRecords = 100_000;

    /// <summary>
    /// Values in one request: every message, so records, attributes (each a key-value and its value), array items,
    /// events, links. 8192 records of 40 string attributes each are some 660,000.
    /// </summary>
    public const int MaxValues = 1_000_000;

    private static readonly Tally Limit = new(MaxValues, MaxRecords);

    /// <summary>
    /// Refuses a protobuf request holding more than <see cref="MaxRecords"/> records or <see cref="MaxValues"/> values;
    /// returns how many values it holds, or 0 for a request too small to hold too many (not counted).
    /// </summary>
    /// <exception cref="ExportTooLargeException">it does</exception>
    public static long CheckProtobuf(Signal signal, ReadOnlySpan<byte> request) =>
        // Two bytes is the least a record takes on the wire: a smaller request cannot hold too many.
        request.Length > 2L * MaxRecords ? Check(RequestCensus.Count(signal, request, Limit)) : 0;

    /// <summary>The same for an OTLP-JSON request, where every JSON object is a message.</summary>
    /// <exception cref="ExportTooLargeException">it holds too many</exception>
    public static long CheckJson(ReadOnlySpan<byte> request) =>
        request.Length > 2L * MaxRecords ? Check(CountJson(request)) : 0;

    private static long Check(Tally count)
    {
        if (count.Records > MaxRecords)
        {
            throw TooMany($"more than {MaxRecords:N0} records (log records, spans or data points)");
        }

        if (count.Values > MaxValues)
        {
            throw TooMany($"more than {MaxValues:N0} records, attributes and other values");
        }

        return count.Values;
    }

    /// <summary>Objects, and objects in record arrays, until either passes its limit; the decoder owns any syntax error.</summary>
    private static Tally CountJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(OtlpJsonDecoder.WithoutBom(json), OtlpJsonDecoder.ReaderOptions);

        // The request object itself is not a value.
        var count = new Tally(-1, 0);
        var recordsDepth = -1;
        var recordsNext = false;
        try
        {
            while (!count.Exceeds(Limit) && reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        recordsNext = recordsDepth < 0 && IsRecordArrayName(ref reader);
                        break;
                    case JsonTokenType.StartArray when recordsNext:
                        recordsDepth = reader.CurrentDepth;
                        recordsNext = false;
                        break;
                    case JsonTokenType.EndArray when reader.CurrentDepth == recordsDepth:
                        recordsDepth = -1;
                        break;
                    case JsonTokenType.StartObject:
                        count.Values++;
                        count.Records += reader.CurrentDepth == recordsDepth + 1 && recordsDepth >= 0 ? 1 : 0;
                        recordsNext = false;
                        break;
                    default:
                        recordsNext = false;
                        break;
                }
            }
        }
        catch (JsonException)
        {
        }

        return count;
    }

    private static bool IsRecordArrayName(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("logRecords"u8) || reader.ValueTextEquals("log_records"u8) || reader.ValueTextEquals("spans"u8)
        || reader.ValueTextEquals("dataPoints"u8) || reader.ValueTextEquals("data_points"u8);

    private static ExportTooLargeException TooMany(FormattableString what) =>
        new($"the request holds {what.ToString(CultureInfo.InvariantCulture)}; send smaller batches");
}

/// <summary>The request is within the size limit but holds too much to decode: HTTP 413, gRPC RESOURCE_EXHAUSTED.</summary>
public sealed class ExportTooLargeException(string message) : Exception(message)
{
}
