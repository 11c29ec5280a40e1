using System.Text;
using CodexOtel.Otlp;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace CodexOtel.Bench.Hostile;

/// <summary>One request body sent to a fresh recorder, and the answer it must get.</summary>
internal sealed record HostileRequest(string Name, string Path, string ContentType, byte[] Body, int ExpectedStatus, int Copies = 1);

/// <summary>
/// The requests that cost the recorder the most memory for their size: as many records and values as
/// <see cref="ExportLimits"/> accepts, each as small as the wire allows (the worst accepted), and past the limits
/// (millions of empty records in 20 MB, which must be refused at once).
/// </summary>
internal static class HostileRequests
{
    /// <summary>Empty attributes per record: with the record itself, just under <see cref="ExportLimits.MaxValues"/>.</summary>
    private const int AttributesPerRecord = (ExportLimits.MaxValues / (ExportLimits.MaxRecords - 1)) - 1;

    public static IReadOnlyList<HostileRequest> All()
    {
        var records = ExportLimits.MaxRecords - 1;
        var spans = WorstSpans(records).ToByteArray();
        return
        [
            new("worst accepted spans (protobuf)", "/v1/traces", "application/x-protobuf", spans, 200),
            new("worst accepted logs (protobuf)", "/v1/logs", "application/x-protobuf", WorstLogs(records).ToByteArray(), 200),
            new("worst accepted logs (JSON)", "/v1/logs", "application/json", WorstJsonLogs(records), 200),
            new("4 × worst accepted spans at once", "/v1/traces", "application/x-protobuf", spans, 200, Copies: 4),
            new("10.4M empty log records in 20.8 MB (protobuf)", "/v1/logs", "application/x-protobuf", EmptyProtobufLogs(10_400_000), 413),
            new("6.9M {} log records in 20 MB (JSON)", "/v1/logs", "application/json", EmptyJsonLogs(6_900_000), 413),
        ];
    }

    private static ExportTraceServiceRequest WorstSpans(int count)
    {
        var scope = new ScopeSpans();
        for (var i = 0; i < count; i++)
        {
            var span = new Span();
            for (var a = 0; a < AttributesPerRecord; a++)
            {
                span.Attributes.Add(new KeyValue());
            }

            scope.Spans.Add(span);
        }

        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { ScopeSpans = { scope } } } };
    }

    private static ExportLogsServiceRequest WorstLogs(int count)
    {
        var scope = new ScopeLogs();
        for (var i = 0; i < count; i++)
        {
            var record = new LogRecord();
            for (var a = 0; a < AttributesPerRecord; a++)
            {
                record.Attributes.Add(new KeyValue());
            }

            scope.LogRecords.Add(record);
        }

        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { scope } } } };
    }

    private static byte[] WorstJsonLogs(int count)
    {
        var record = "{\"attributes\":[" + string.Join(',', Enumerable.Repeat("{}", AttributesPerRecord)) + "]}";
        return Encoding.UTF8.GetBytes("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[" + string.Join(',', Enumerable.Repeat(record, count)) + "]}]}]}");
    }

    /// <summary>One resource, one scope, and <paramref name="count"/> empty log records (the two bytes <c>12 00</c> each).</summary>
    private static byte[] EmptyProtobufLogs(int count)
    {
        var records = new byte[2 * count];
        for (var i = 0; i < records.Length; i += 2)
        {
            records[i] = 0x12;
        }

        // The records are the ScopeLogs' bytes; ResourceLogs holds them as scope_logs (2), the request as resource_logs (1).
        return Field(1, Field(2, records));
    }

    private static byte[] EmptyJsonLogs(int count) =>
        Encoding.UTF8.GetBytes("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[" + string.Join(',', Enumerable.Repeat("{}", count)) + "]}]}]}");

    /// <summary>A length-delimited protobuf field.</summary>
    private static byte[] Field(int number, byte[] value)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteLength(value.Length);
        output.Flush();
        stream.Write(value);
        return stream.ToArray();
    }
}
