using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using Google.Protobuf;

namespace CodexOtel.Bench.Payloads;

/// <summary>
/// Export requests serialized once, so a client only copies bytes: <see cref="Count"/> distinct batches (different
/// ids, tokens, outputs) of <see cref="RecordsPerRequest"/> records each.
/// </summary>
internal sealed class PreparedPayloads
{
    public const int RecordsPerRequest = 512;

    private PreparedPayloads(Signal signal, byte[][] requests, double jsonBytesPerRecord, double attributesPerRecord)
    {
        Signal = signal;
        Requests = requests;
        JsonBytesPerRecord = jsonBytesPerRecord;
        AttributesPerRecord = attributesPerRecord;
    }

    public Signal Signal { get; }

    public IReadOnlyList<byte[]> Requests { get; }

    public int Count => Requests.Count;

    public double ProtobufBytesPerRequest => Requests.Average(r => r.Length);

    /// <summary>Size of a record as compact OTLP-JSON, for comparison with a real Codex capture (≈ 840 bytes a span).</summary>
    public double JsonBytesPerRecord { get; }

    public double AttributesPerRecord { get; }

    public static IMessage Build(Signal signal, int seed, int records = RecordsPerRequest) => signal switch
    {
        Signal.Traces => CodexSpans.Batch(seed, records),
        Signal.Logs => CodexLogs.Batch(seed, records),
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "only traces and logs are generated"),
    };

    public static PreparedPayloads Create(Signal signal, int distinct = 16)
    {
        var messages = Enumerable.Range(1, distinct).Select(seed => Build(signal, seed)).ToArray();
        var json = OtlpJsonSize(signal, messages[0]);
        var attributes = messages[0] switch
        {
            OpenTelemetry.Proto.Collector.Trace.V1.ExportTraceServiceRequest t => t.ResourceSpans[0].ScopeSpans[0].Spans.Average(s => s.Attributes.Count),
            OpenTelemetry.Proto.Collector.Logs.V1.ExportLogsServiceRequest l => l.ResourceLogs[0].ScopeLogs[0].LogRecords.Average(r => r.Attributes.Count),
            _ => 0,
        };
        return new PreparedPayloads(signal, messages.Select(m => m.ToByteArray()).ToArray(), json / (double)RecordsPerRequest, attributes);
    }

    private static long OtlpJsonSize(Signal signal, IMessage message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { SkipValidation = true }))
        {
            OtlpJsonEncoder.Write(writer, signal, message);
        }

        return buffer.WrittenCount;
    }
}
