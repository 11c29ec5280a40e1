using System.Net;
using System.Text;
using CodexOtel.Otlp;
using CodexOtel.Tests.E2E.Support;
using Google.Protobuf;
using Xunit.Abstractions;

namespace CodexOtel.Tests.Receivers;

/// <summary>
/// Requests within the size limit whose records cost far more once decoded than their bytes: the real server
/// process refuses them at once, and its memory stays bounded.
/// </summary>
[Collection(nameof(ProcessTestsCollection))]
public sealed class RequestCostLimitTests(ITestOutputHelper output)
{
    // Before the limit these took 1.4–2.2 GB; refused, the server holds little more than the body.
    private const long MaxPeakGrowthBytes = 200L << 20;

    // Four of the costliest accepted requests decoded at once took ~450 MiB over the idle server; one at a time ~150.
    private const long MaxConcurrentPeakGrowthBytes = 300L << 20;

    [Fact]
    public async Task Ten_million_empty_protobuf_log_records_in_20_MB_are_refused_with_413_and_the_server_memory_stays_bounded()
    {
        var body = EmptyLogRecords.Protobuf(10_400_000);
        Assert.True(body.Length <= 20 << 20, "within the size limit");

        await AssertRefusedWithBoundedMemoryAsync(body, "application/x-protobuf");
    }

    [Fact]
    public async Task Seven_million_empty_json_log_records_in_20_MB_are_refused_with_413_and_the_server_memory_stays_bounded()
    {
        var body = EmptyLogRecords.Json(6_900_000);
        Assert.True(body.Length <= 20 << 20, "within the size limit");

        await AssertRefusedWithBoundedMemoryAsync(body, "application/json");
    }

    [Fact]
    public async Task A_request_just_under_the_record_limit_is_kept_whole()
    {
        await using var recorder = await InProcessRecorder.StartAsync();
        using var http = new HttpClient();

        using var response = await http.PostAsync(
            new Uri(recorder.HttpEndpoint, "/v1/logs"),
            OtlpRequests.Content(EmptyLogRecords.Protobuf(ExportLimits.MaxRecords), "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExportLimits.MaxRecords, recorder.ReadLedger().Logs.Count());
    }

    [Fact]
    public async Task Four_of_the_costliest_requests_at_once_are_decoded_one_at_a_time_the_others_told_to_retry_and_all_are_kept()
    {
        using var dir = new TempDirectory("cost");
        await using var server = await ServerProcess.StartAsync(dir.Path);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var body = CostliestLogs();
        var before = ProcStatus.PeakResidentBytes(server.Pid);

        var retried = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SendUntilKeptAsync(http, server, body)));
        var growth = ProcStatus.PeakResidentBytes(server.Pid) - before;

        output.WriteLine($"4 × {body.Length} bytes: {retried.Sum()} answers 429 first, peak RSS {before >> 20} MiB + {growth >> 20} MiB");
        Assert.True(retried.Sum() > 0, "all four were decoded at once");

        // Each decoded costs ~130 MiB: one at a time stays well below what four took at once.
        Assert.True(growth < MaxConcurrentPeakGrowthBytes, $"peak RSS grew by {growth >> 20} MiB");
        Assert.Equal(4 * (ExportLimits.MaxRecords - 1), LedgerContents.Read(dir.Path).Logs.Count());
    }

    /// <summary>Posts until it is answered 200, after each 429 waiting as Retry-After says; returns how many 429s came first.</summary>
    private static async Task<int> SendUntilKeptAsync(HttpClient http, ServerProcess server, byte[] body)
    {
        for (var refused = 0; ; refused++)
        {
            using var response = await http.PostAsync(new Uri(server.HttpEndpoint, "/v1/logs"), OtlpRequests.Content(body, "application/x-protobuf"));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return refused;
            }

            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.True(refused < 60, "refused for a minute");
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? throw new InvalidOperationException("429 without Retry-After"));
        }
    }

    /// <summary>As many records and values as the limits allow, each as small as the wire allows (empty attributes).</summary>
    private static byte[] CostliestLogs()
    {
        const int Attributes = (ExportLimits.MaxValues / (ExportLimits.MaxRecords - 1)) - 1;
        var scope = new OpenTelemetry.Proto.Logs.V1.ScopeLogs();
        for (var i = 0; i < ExportLimits.MaxRecords - 1; i++)
        {
            var record = new OpenTelemetry.Proto.Logs.V1.LogRecord();
            for (var a = 0; a < Attributes; a++)
            {
                record.Attributes.Add(new OpenTelemetry.Proto.Common.V1.KeyValue());
            }

            scope.LogRecords.Add(record);
        }

        return new OpenTelemetry.Proto.Collector.Logs.V1.ExportLogsServiceRequest
        {
            ResourceLogs = { new OpenTelemetry.Proto.Logs.V1.ResourceLogs { ScopeLogs = { scope } } },
        }.ToByteArray();
    }

    private async Task AssertRefusedWithBoundedMemoryAsync(byte[] body, string contentType)
    {
        using var dir = new TempDirectory("cost");
        await using var server = await ServerProcess.StartAsync(dir.Path);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var before = ProcStatus.PeakResidentBytes(server.Pid);

        using var response = await http.PostAsync(new Uri(server.HttpEndpoint, "/v1/logs"), OtlpRequests.Content(body, contentType));
        var answer = await response.Content.ReadAsByteArrayAsync();
        var growth = ProcStatus.PeakResidentBytes(server.Pid) - before;

        output.WriteLine($"{body.Length} bytes: {(int)response.StatusCode}, peak RSS {before >> 20} MiB + {growth >> 20} MiB");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("send smaller batches", Encoding.UTF8.GetString(answer));
        Assert.True(growth < MaxPeakGrowthBytes, $"peak RSS grew by {growth >> 20} MiB");
        Assert.Empty(LedgerContents.Read(dir.Path).Logs);
    }
}

/// <summary>Logs requests of one resource and one scope holding many empty log records: the cheapest record to send.</summary>
internal static class EmptyLogRecords
{
    /// <summary>Each record is the two bytes 12 00 (ScopeLogs.log_records, length 0).</summary>
    public static byte[] Protobuf(int count)
    {
        var records = new byte[2 * count];
        for (var i = 0; i < records.Length; i += 2)
        {
            records[i] = 0x12;
        }

        // ResourceLogs.scope_logs (2) holds the ScopeLogs; the request's resource_logs (1) holds the ResourceLogs.
        return Wrap(1, Wrap(2, records));
    }

    public static byte[] Json(int count)
    {
        var json = new StringBuilder("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[""", (3 * count) + 64);
        json.Insert(json.Length, "{},", count).Length--;
        return Encoding.UTF8.GetBytes(json.Append("]}]}]}").ToString());
    }

    private static byte[] Wrap(int field, byte[] payload)
    {
        using var stream = new MemoryStream(payload.Length + 8);
        var output = new CodedOutputStream(stream);
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteLength(payload.Length);
        output.Flush();
        stream.Write(payload);
        return stream.ToArray();
    }
}
