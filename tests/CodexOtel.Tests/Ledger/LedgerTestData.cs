using CodexOtel.Ledger;
using CodexOtel.Otlp;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Tests.Ledger;

/// <summary>Small ledgers for tests: numbered log records, one request per line.</summary>
internal static class LedgerTestData
{
    public static ExportLogsServiceRequest Logs(int number, int records = 1, int bodyBytes = 16) => new()
    {
        ResourceLogs =
        {
            new ResourceLogs
            {
                Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "codex_exec" } } } },
                ScopeLogs =
                {
                    new ScopeLogs
                    {
                        Scope = new InstrumentationScope { Name = "codex_otel.log_only" },
                        LogRecords =
                        {
                            Enumerable.Range(0, records).Select(i => new LogRecord
                            {
                                ObservedTimeUnixNano = 1_700_000_000_000_000_000UL + (ulong)number,
                                SeverityNumber = SeverityNumber.Info,
                                Body = new AnyValue { StringValue = new string('x', bodyBytes) },
                                Attributes = { new KeyValue { Key = "n", Value = new AnyValue { IntValue = number * 1000 + i } } },
                            }),
                        },
                    },
                },
            },
        },
    };

    public static LedgerWriter Open(string folder, LedgerOptions? options = null) =>
        LedgerWriter.Open(DataDirectory.OpenForWriting(folder), options ?? new LedgerOptions(), NullLogger.Instance);

    public static async Task AppendAsync(LedgerWriter ledger, int from, int count, LedgerOptions? options = null)
    {
        for (var n = from; n < from + count; n++)
        {
            await ledger.AppendAsync(Signal.Logs, LedgerLineEncoder.Encode(Signal.Logs, Logs(n), (options ?? new LedgerOptions()).MaxLineBytes));
        }
    }

    /// <summary>A ledger of <paramref name="lines"/> log lines, closed again once its rotated segments are compressed (when the options compress them).</summary>
    public static async Task WriteAsync(string folder, int lines, LedgerOptions? options = null)
    {
        await using var ledger = Open(folder, options);
        await AppendAsync(ledger, 0, lines, options);
        if ((options ?? new LedgerOptions()).CompressRotated)
        {
            await WaitForCompressionAsync(folder);
        }
    }

    /// <summary>
    /// For retention: 30 lines in several small compressed segments (<paramref name="options"/>: 2,000-byte segments),
    /// the oldest two made to look 200 days old.
    /// </summary>
    public static async Task WriteWithTwoOldSegmentsAsync(string folder, LedgerOptions options)
    {
        await WriteAsync(folder, 30, options);
        var rotated = LedgerSegment.List(folder, Signal.Logs).Where(s => !s.IsActive).ToList();
        Assert.True(rotated.Count >= 4, string.Join(", ", rotated.Select(s => s.FileName)));
        for (var i = 0; i < 2; i++)
        {
            var old = LedgerSegment.RotatedDataPath(folder, Signal.Logs, DateTime.UtcNow.AddDays(-200).AddMinutes(i)) + ".zst";
            File.Move(rotated[i].ChainPath, LedgerSegment.ChainPathOf(old));
            File.Move(rotated[i].DataPath, old);
        }
    }

    /// <summary>Compression runs once the ledger has been quiet for a moment; waits until no rotated segment is left uncompressed.</summary>
    public static async Task WaitForCompressionAsync(string folder)
    {
        for (var i = 0; i < 200 && Directory.GetFiles(folder, "otel-*-*.jsonl").Length > 0; i++)
        {
            await Task.Delay(50);
        }
    }

    public static List<string> Lines(string folder) => LedgerReader.ReadLines(folder, Signal.Logs).ToList();
}
