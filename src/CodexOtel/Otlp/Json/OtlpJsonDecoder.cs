using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CodexOtel.Otlp.Json;

/// <summary>
/// Reads OTLP-JSON export requests (OTLP/HTTP JSON bodies, collector file-exporter lines) into protobuf messages.
/// Follows the OTLP spec's JSON rules and the protobuf JSON mapping: lowerCamelCase or original snake_case keys,
/// hex trace/span ids, 64-bit integers as numbers or strings, enums as integers or names, unknown fields and
/// nulls ignored. Any problem with the input surfaces as an <see cref="OtlpJsonException"/> naming where it is.
/// </summary>
internal static partial class OtlpJsonDecoder
{
    /// <summary>How deeply AnyValues (arrays, kvlists) may nest before the input is refused.</summary>
    public const int MaxAnyValueDepth = 64;

    // Room for 64 AnyValue levels (up to 4 JSON levels each) under the envelope; our own check fires first.
    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = (MaxAnyValueDepth * 4) + 64 };

    private delegate T RootReader<T>(ref Utf8JsonReader reader);

    public static ExportLogsServiceRequest DecodeLogs(ReadOnlySpan<byte> utf8) => Run(utf8, ReadLogsRequest);

    public static ExportTraceServiceRequest DecodeTraces(ReadOnlySpan<byte> utf8) => Run(utf8, ReadTracesRequest);

    public static ExportMetricsServiceRequest DecodeMetrics(ReadOnlySpan<byte> utf8) => Run(utf8, ReadMetricsRequest);

    /// <summary>Decodes an export request of the given signal.</summary>
    public static IMessage Decode(Signal signal, ReadOnlySpan<byte> utf8) => signal switch
    {
        Signal.Logs => DecodeLogs(utf8),
        Signal.Traces => DecodeTraces(utf8),
        Signal.Metrics => DecodeMetrics(utf8),
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Unknown signal."),
    };

    /// <summary>
    /// The signal of an export request, from its first top-level key that names one (resourceLogs, resourceSpans,
    /// resourceMetrics or their snake_case forms); null when no top-level key does, e.g. for <c>{}</c>.
    /// </summary>
    public static Signal? DetectSignal(ReadOnlySpan<byte> utf8)
    {
        utf8 = WithoutBom(utf8);
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        try
        {
            Next(ref reader);
            ExpectTopLevelObject(ref reader);
            while (NextPropertyName(ref reader))
            {
                var name = NameOf(ref reader);
                if (Is(name, "resourceSpans"u8, "resource_spans"u8))
                {
                    return Signal.Traces;
                }

                if (Is(name, "resourceLogs"u8, "resource_logs"u8))
                {
                    return Signal.Logs;
                }

                if (Is(name, "resourceMetrics"u8, "resource_metrics"u8))
                {
                    return Signal.Metrics;
                }

                Next(ref reader);
                reader.Skip();
            }

            return null;
        }
        catch (Exception e) when (IsInputProblem(e))
        {
            throw Describe(utf8, e, e is JsonException ? reader.BytesConsumed : reader.TokenStartIndex);
        }
    }

    private static T Run<T>(ReadOnlySpan<byte> utf8, RootReader<T> readRoot)
    {
        utf8 = WithoutBom(utf8);
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        try
        {
            Next(ref reader);
            ExpectTopLevelObject(ref reader);
            var result = readRoot(ref reader);
            if (reader.Read())
            {
                throw Failure(ref reader, "unexpected data after the top-level object");
            }

            return result;
        }
        catch (Exception e) when (IsInputProblem(e))
        {
            throw Describe(utf8, e, e is JsonException ? reader.BytesConsumed : reader.TokenStartIndex);
        }
    }

    private static void ExpectTopLevelObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Failure(ref reader, $"expected a JSON object at the top level, got {Describe(ref reader)}");
        }
    }

    internal static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> utf8) =>
        utf8.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;

    // The reader and the protobuf runtime signal bad input with these; anything else is a bug and propagates.
    private static bool IsInputProblem(Exception e) => e is DecodeFailure or JsonException
        or InvalidOperationException or FormatException or OverflowException or ArgumentException
        or InsufficientExecutionStackException;

    private static OtlpJsonException Describe(ReadOnlySpan<byte> utf8, Exception e, long offset)
    {
        if (e is DecodeFailure failure)
        {
            return new OtlpJsonException(failure.Message, failure.Offset, JsonPathLocator.Locate(utf8, failure.Offset));
        }

        var reason = e is JsonException
            ? $"invalid JSON: {e.Message}"
            : $"cannot decode: {e.Message}";
        return new OtlpJsonException(reason, offset, JsonPathLocator.Locate(utf8, offset), e);
    }

    /// <summary>A problem with the input at a byte offset; turned into an <see cref="OtlpJsonException"/> with its path.</summary>
    private sealed class DecodeFailure(string message, long offset) : Exception(message)
    {
        public long Offset { get; } = offset;
    }
}
