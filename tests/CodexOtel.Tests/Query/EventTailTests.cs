using System.Text.Json;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Query;
using CodexOtel.Tests.Codex;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Importing;
using CodexOtel.Tests.Ledger;
using CodexOtel.Web;
using OpenTelemetry.Proto.Logs.V1;

namespace CodexOtel.Tests.Query;

/// <summary>
/// <see cref="EventTail.Last"/>, the start of <c>tail</c> and of the Live page: the newest events, read back from the
/// ledger's end, against a plain read of every line.
/// </summary>
public sealed class EventTailTests
{
    private static readonly int[] Counts = [0, 1, 2, 5, 13, 40, 1_000];

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public async Task The_newest_events_are_those_a_read_of_every_line_ends_with_across_segments_and_compressed_ones(int seed, bool compress)
    {
        using var dir = new TempDirectory("event-tail");
        var random = new Random(seed);
        var options = new LedgerOptions { MaxSegmentBytes = 4_000, CompressRotated = compress };
        await WriteAsync(dir.Path, Lines(random, conversations: random.Next(0, 9)), options);

        var tailer = new LedgerTailer(dir.Path, Signal.Logs);
        var all = EventTail.Events(tailer.ReadNext(null, int.MaxValue));
        foreach (var count in Counts)
        {
            var (events, after) = new EventTail(dir.Path).Last(count);
            Assert.Equal(Json(all.TakeLast(count)), Json(events));
            Assert.Equal(tailer.End(), after);
        }

        if (compress && LedgerSegment.List(dir.Path, Signal.Logs).Count > 1)
        {
            Assert.Contains(LedgerSegment.List(dir.Path, Signal.Logs), s => s.IsCompressed);
        }
    }

    [Fact]
    public async Task The_newest_events_are_found_by_decoding_only_the_newest_lines_that_hold_them()
    {
        using var dir = new TempDirectory("event-tail");
        // The newest line holds a whole conversation: a prompt, a model response, a tool decision and its result.
        await WriteAsync(dir.Path, [.. Lines(new Random(15), conversations: 12), ImportTestData.Conversation(99, startMs: 99_000)], new LedgerOptions());

        var tail = new EventTail(dir.Path);
        var (events, _) = tail.Last(3);

        Assert.Equal(3, events.Count);
        Assert.Equal(1, tail.LinesDecoded);
    }

    [Fact]
    public void An_empty_ledger_has_no_newest_events_and_no_position()
    {
        using var dir = new TempDirectory("event-tail");
        var (events, after) = new EventTail(dir.Path).Last(10);
        Assert.Empty(events);
        Assert.Null(after);
    }

    /// <summary>
    /// Conversations one after another in time, their records cut into lines of 1 to 8 and
    /// shuffled within a line (Codex batches them so); now and then a line without any event.
    /// </summary>
    private static List<LogRecord[]> Lines(Random random, int conversations)
    {
        var records = new Queue<LogRecord>(Enumerable.Range(1, conversations).SelectMany(n => ImportTestData.Conversation(n, startMs: n * 1_000)));
        var lines = new List<LogRecord[]>();
        while (records.Count > 0)
        {
            if (random.Next(6) == 0)
            {
                lines.Add([CodexRecords.FlushingMetrics()]);
            }

            var line = Enumerable.Range(0, Math.Min(records.Count, random.Next(1, 9))).Select(_ => records.Dequeue()).ToArray();
            random.Shuffle(line);
            lines.Add(line);
        }

        return lines;
    }

    private static async Task WriteAsync(string folder, List<LogRecord[]> lines, LedgerOptions options)
    {
        await using var ledger = LedgerTestData.Open(folder, options);
        foreach (var line in lines)
        {
            await ledger.AppendAsync(Signal.Logs, LedgerLineEncoder.Encode(Signal.Logs, CodexRecords.Request(line), options.MaxLineBytes));
        }

        if (options.CompressRotated)
        {
            await LedgerTestData.WaitForCompressionAsync(folder); // compression runs while the ledger is open
        }
    }

    private static List<string> Json(IEnumerable<TailEventView> events) =>
        [.. events.Select(e => JsonSerializer.Serialize(e, WebJsonContext.Default.TailEventView))];
}
