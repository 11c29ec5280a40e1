using CodexOtel.Ledger;
using CodexOtel.Otlp;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;

namespace CodexOtel.Bench.Conversations;

/// <summary>
/// Writes generated conversations as the seed's collector does (<c>/tmp/otel-data/otel-logs.jsonl</c>): the records
/// of all Codex processes in time order, cut into batches of 16–64 records (a few dozen, as the batch processor
/// hands them to the file exporter), each batch one line <c>{"resourceLogs":[…]}</c> of compact OTLP-JSON with one
/// <c>resourceLogs</c> entry per Codex process in it and the scopes <c>codex_otel.log_only</c> and
/// <c>codex_otel::metrics::client</c>.
/// <para>
/// <see cref="SeedFileShape.Varied"/> writes lines of every size a user's collector can leave instead (see there), of
/// conversations that are longer and carry long tool outputs, so that a figure measured on it does not flatter.
/// </para>
/// </summary>
internal static class SeedFile
{
    private const int MinBatch = 16;
    private const int MaxBatch = 64;
    private const int MaxVariedBatch = 512;

    // meanGap: the mean time between conversation starts (default ConversationGenerator.DefaultMeanGap).
    public static SeedFileStats Write(string path, int conversations, int seed, SeedFileShape shape = SeedFileShape.Batches, TimeSpan? meanGap = null) =>
        shape == SeedFileShape.Batches ? WriteBatches(path, conversations, seed, meanGap) : WriteVaried(path, conversations, seed);

    private static SeedFileStats WriteBatches(string path, int conversations, int seed, TimeSpan? meanGap)
    {
        var generator = new ConversationGenerator(seed, meanGap: meanGap);
        var cut = new Random(seed ^ 0x5eed);
        var pending = new PriorityQueue<(TimedRecord Record, GeneratedConversation Conversation), (ulong, long)>();
        var batch = new List<(TimedRecord Record, GeneratedConversation Conversation)>(MaxBatch);
        var target = cut.Next(MinBatch, MaxBatch + 1);
        var stats = new SeedFileStats { Path = path };
        long order = 0;

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);

        void Drain(ulong before)
        {
            while (pending.TryPeek(out var next, out var key) && key.Item1 < before)
            {
                pending.Dequeue();
                batch.Add(next);
                if (batch.Count >= target)
                {
                    Flush();
                }
            }
        }

        void Flush()
        {
            if (batch.Count == 0)
            {
                return;
            }

            WriteLine(file, batch, stats);
            target = cut.Next(MinBatch, MaxBatch + 1);
        }

        for (var i = 0; i < conversations; i++)
        {
            var conversation = generator.Next();
            Drain(conversation.Start);
            foreach (var record in conversation.Records)
            {
                pending.Enqueue((record, conversation), (record.Observed, order++));
            }

            stats.Add(conversation, show: i == conversations / 2);
        }

        Drain(ulong.MaxValue);
        Flush();
        return Finish(file, stats);
    }

    /// <summary>
    /// Each conversation's records whole and in order, each cut in one of the ways a collector's batching can cut them:
    /// a line per conversation (an idle batch processor flushing at its timeout, as the seed's file often looks), several
    /// conversations in one line (a busy one), or batches of 1 to 512 records (log-uniform: mostly small, some large).
    /// </summary>
    private static SeedFileStats WriteVaried(string path, int conversations, int seed)
    {
        var generator = new ConversationGenerator(seed, varied: true);
        var cut = new Random(seed ^ 0x7a11);
        var batch = new List<(TimedRecord Record, GeneratedConversation Conversation)>(MaxVariedBatch);
        var stats = new SeedFileStats { Path = path };
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        var joined = 0;
        for (var i = 0; i < conversations; i++)
        {
            var conversation = generator.Next();
            stats.Add(conversation, show: i == conversations / 2);
            var mode = cut.Next(10);
            if (mode < 6)
            {
                // Whole conversations; now and then the next few share the line.
                batch.AddRange(conversation.Records.Select(r => (r, conversation)));
                joined = joined > 0 ? joined - 1 : mode == 0 ? cut.Next(1, 4) : 0;
                if (joined == 0)
                {
                    WriteLine(file, batch, stats);
                }

                continue;
            }

            WriteLine(file, batch, stats);
            joined = 0;
            var records = conversation.Records;
            for (var at = 0; at < records.Count;)
            {
                var size = Math.Min(records.Count - at, (int)Math.Pow(MaxVariedBatch, cut.NextDouble()));
                batch.AddRange(records.Skip(at).Take(size).Select(r => (r, conversation)));
                WriteLine(file, batch, stats);
                at += size;
            }
        }

        WriteLine(file, batch, stats);
        return Finish(file, stats);
    }

    /// <summary>One export request as the collector's file exporter writes it (split if over the ledger's line size).</summary>
    private static void WriteLine(FileStream file, List<(TimedRecord Record, GeneratedConversation Conversation)> batch, SeedFileStats stats)
    {
        if (batch.Count == 0)
        {
            return;
        }

        using var encoded = LedgerLineEncoder.Encode(Signal.Logs, Request(batch), 1 << 20);
        file.Write(encoded.Span);
        stats.Lines += encoded.LineCount;
        stats.LongestLine = Math.Max(stats.LongestLine, encoded.Span.Length / encoded.LineCount);
        stats.Records += batch.Count;
        batch.Clear();
    }

    private static SeedFileStats Finish(FileStream file, SeedFileStats stats)
    {
        // On disk before anything is timed, as a user's collector files are: the kernel writing back a file just made
        // competed with the first import's fsyncs, which was then the slowest of the runs by a tenth.
        file.Flush(flushToDisk: true);
        stats.Bytes = file.Length;
        return stats;
    }

    /// <summary>One conversation's records as one export request, as a client that batched all of them would send.</summary>
    public static ExportLogsServiceRequest Request(GeneratedConversation conversation) =>
        Request(conversation.Records.Select(r => (r, conversation)).ToList());

    /// <summary>One export request: consecutive records of the same process share a <c>resourceLogs</c> entry.</summary>
    private static ExportLogsServiceRequest Request(List<(TimedRecord Record, GeneratedConversation Conversation)> batch)
    {
        var request = new ExportLogsServiceRequest();
        GeneratedConversation? current = null;
        ResourceLogs? resource = null;
        ScopeLogs? events = null;
        ScopeLogs? metricsClient = null;
        foreach (var (record, conversation) in batch)
        {
            if (!ReferenceEquals(conversation, current))
            {
                current = conversation;
                resource = new ResourceLogs { Resource = conversation.Resource };
                request.ResourceLogs.Add(resource);
                events = null;
                metricsClient = null;
            }

            ref var scope = ref record.MetricsClientScope ? ref metricsClient : ref events;
            if (scope is null)
            {
                scope = new ScopeLogs { Scope = new InstrumentationScope { Name = record.MetricsClientScope ? "codex_otel::metrics::client" : "codex_otel.log_only" } };
                resource!.ScopeLogs.Add(scope);
            }

            scope.LogRecords.Add(record.Record);
        }

        return request;
    }
}

/// <summary>How <see cref="SeedFile.Write"/> cuts the records into lines.</summary>
internal enum SeedFileShape
{
    /// <summary>All processes' records in time order, in batches of 16–64: the benchmark's figure since its start.</summary>
    Batches,

    /// <summary>Lines of one record to several whole conversations, long tool outputs, longer sessions.</summary>
    Varied,
}

/// <summary>What <see cref="SeedFile.Write"/> wrote, and a conversation to <c>show</c>.</summary>
internal sealed class SeedFileStats
{
    public required string Path { get; init; }

    public int Conversations { get; private set; }

    public long Records { get; set; }

    public long Lines { get; set; }

    public long Bytes { get; set; }

    /// <summary>The longest line written (of a request split into several lines, their mean).</summary>
    public long LongestLine { get; set; }

    public int ToolResults { get; private set; }

    public int Turns { get; private set; }

    /// <summary>The conversation in the middle of the file, and its first prompt (what <c>show</c> must print).</summary>
    public string ShowId { get; private set; } = "";

    public string ShowPrompt { get; private set; } = "";

    public void Add(GeneratedConversation conversation, bool show)
    {
        Conversations++;
        foreach (var record in conversation.Records)
        {
            var name = record.Record.Attributes.Count > 0 ? record.Record.Attributes[0].Value.StringValue : "";
            if (name == "codex.tool_result")
            {
                ToolResults++;
            }
            else if (name == "codex.user_prompt")
            {
                Turns++;
            }
        }

        if (show)
        {
            ShowId = conversation.Id;
            ShowPrompt = conversation.FirstPrompt;
        }
    }
}
