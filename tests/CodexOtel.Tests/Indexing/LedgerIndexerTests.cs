using System.Diagnostics;
using CodexOtel.Codex;
using CodexOtel.Consumers;
using CodexOtel.Indexing;
using CodexOtel.Ledger;
using CodexOtel.Otlp;
using CodexOtel.Store;
using CodexOtel.Store.Sqlite;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Ledger;
using CodexOtel.Tests.Store;
using static CodexOtel.Tests.Indexing.IndexingTestData;

namespace CodexOtel.Tests.Indexing;

public sealed class LedgerIndexerTests : IDisposable
{
    private readonly TempDirectory _dir = new("indexer");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Catching_up_indexes_every_durable_line_and_summarises_each_conversation()
    {
        await WriteLedgerAsync(Enumerable.Range(1, 3).Select(n => ToolTurn(n)));
        using var store = SqliteConversationStore.Open(_dir.Path);

        var lines = new LedgerIndexer(_dir.Path, store, Options()).CatchUp();

        Assert.Equal(3, lines);
        var list = store.AllConversations();
        Assert.Equal([ConversationId(3), ConversationId(2), ConversationId(1)], list.Select(c => c.Id));
        Assert.All(list, c => Assert.Equal((1, 1, new TokenUsage(120, 20, 30, 10)), (c.Turns, c.ToolCalls, c.Tokens)));
        Assert.Equal(6, store.Events(ConversationId(2)).Count);
        Assert.Empty(store.StaleConversations());
        Assert.Equal(0, new LedgerIndexer(_dir.Path, store, Options()).CatchUp());
    }

    [Fact]
    public async Task The_indexer_resumes_from_its_checkpoint_across_rotation_and_compression_indexing_each_record_once()
    {
        var options = new LedgerOptions { MaxSegmentBytes = 4_000 };
        await using (var ledger = LedgerTestData.Open(_dir.Path, options))
        {
            for (var round = 0; round < 5; round++)
            {
                await AppendAsync(ledger, Enumerable.Range(round * 4, 4).Select(n => ToolTurn(n)), options);
                await AppendAsync(ledger, [FollowUp(round * 4, 30, $"follow-up in round {round}")], options);
                await LedgerTestData.WaitForCompressionAsync(_dir.Path);

                // A fresh store and indexer each round: everything it knows comes from the database.
                using var store = SqliteConversationStore.Open(_dir.Path);
                new LedgerIndexer(_dir.Path, store, Options(batchBytes: 1_500)).CatchUp();
            }
        }

        Assert.True(Directory.GetFiles(_dir.Path, "*.zst").Length >= 2, "the test should cross compressed segments");
        using var incremental = SqliteConversationStore.Open(_dir.Path);
        var events = Enumerable.Range(0, 20).SelectMany(n => incremental.Events(ConversationId(n))).ToList();
        Assert.Equal(20 * 6 + 5, events.Count);
        Assert.Equal(events.Count, events.Select(e => e.Key).Distinct().Count());
        Assert.Equal(20 * 6 + 5, incremental.Stats().Events);
        Assert.Equal(2, incremental.AllConversations().Single(c => c.Id == ConversationId(8)).Turns);
    }

    [Fact]
    public async Task Reindexing_from_scratch_yields_the_same_summaries_and_events_as_indexing_as_the_ledger_grew()
    {
        var options = new LedgerOptions { MaxSegmentBytes = 6_000 };
        using var store = SqliteConversationStore.Open(_dir.Path);
        var indexer = new LedgerIndexer(_dir.Path, store, Options(batchBytes: 2_000));
        await using (var ledger = LedgerTestData.Open(_dir.Path, options))
        {
            for (var n = 0; n < 12; n++)
            {
                await AppendAsync(ledger, [ToolTurn(n), FollowUp(n / 2, 5, $"and then {n}")], options);
                indexer.CatchUp();
            }
        }

        var before = Snapshot(store);
        var lines = indexer.Reindex();

        Assert.Equal(24, lines);
        Assert.Equal(before, Snapshot(store));
    }

    [Fact]
    public async Task A_conversation_split_across_batches_gets_one_summary_of_all_its_events()
    {
        await WriteLedgerAsync([ToolTurn(1), ToolTurn(2), FollowUp(1, 3, "second prompt"), FollowUp(1, 4, "third prompt")]);
        using var store = SqliteConversationStore.Open(_dir.Path);

        new LedgerIndexer(_dir.Path, store, Options(batchBytes: 1)).CatchUp();

        var summary = store.Find(ConversationId(1)).Found!;
        Assert.Equal((3, T0.AddMinutes(5)), (summary.Turns, summary.Ended));
    }

    [Fact]
    public async Task Records_the_ledger_holds_twice_are_stored_and_summarised_once()
    {
        await WriteLedgerAsync([ToolTurn(1), FollowUp(1, 3, "second prompt"), ToolTurn(1), FollowUp(1, 3, "second prompt")]);
        using var store = SqliteConversationStore.Open(_dir.Path);

        new LedgerIndexer(_dir.Path, store, Options()).CatchUp();

        var summary = store.Find(ConversationId(1)).Found!;
        Assert.Equal((2, 1), (summary.Turns, summary.ToolCalls));
    }

    [Fact]
    public async Task Summaries_left_stale_by_a_crash_between_a_batch_and_its_summaries_are_rebuilt_on_the_next_catch_up()
    {
        await WriteLedgerAsync([ToolTurn(1)]);
        using (var store = SqliteConversationStore.Open(_dir.Path))
        {
            // What a crash leaves: the batch and its checkpoint committed, the summary not yet written.
            var lines = new LedgerTailer(_dir.Path, CodexOtel.Otlp.Signal.Logs).ReadNext(null);
            store.Apply(
                CodexNormaliser.FromLogs(CodexOtel.Otlp.Json.OtlpJsonDecoder.DecodeLogs(lines[0].Bytes)).ToList(),
                LedgerIndexer.LogsStream,
                lines[^1].After);
        }

        using var reopened = SqliteConversationStore.Open(_dir.Path);
        Assert.Empty(reopened.AllConversations());

        Assert.Equal(0, new LedgerIndexer(_dir.Path, reopened, Options()).CatchUp());
        Assert.Equal(ConversationId(1), Assert.Single(reopened.AllConversations()).Id);
    }

    [Fact]
    public async Task Lines_without_Codex_events_move_the_checkpoint_and_add_nothing()
    {
        await LedgerTestData.WriteAsync(_dir.Path, 5);
        using var store = SqliteConversationStore.Open(_dir.Path);

        Assert.Equal(5, new LedgerIndexer(_dir.Path, store, Options()).CatchUp());

        Assert.NotNull(store.ReadCheckpoint(LedgerIndexer.LogsStream));
        Assert.Equal(0, store.Stats().Events);
    }

    [Fact]
    public async Task A_conversation_the_summariser_cannot_handle_is_still_listed_with_its_times()
    {
        await WriteLedgerAsync([ToolTurn(1)]);
        using var store = SqliteConversationStore.Open(_dir.Path);
        var options = Options() with { Summarise = _ => throw new InvalidOperationException("boom") };

        new LedgerIndexer(_dir.Path, store, options).CatchUp();

        var summary = Assert.Single(store.AllConversations());
        Assert.Equal((ConversationId(1), T0.AddMinutes(1), T0.AddMinutes(1).AddMilliseconds(50)), (summary.Id, summary.Started, summary.Ended));
        Assert.Empty(store.StaleConversations());
    }

    [Fact]
    public async Task Catching_up_from_a_command_does_nothing_while_another_process_indexes_the_folder()
    {
        await WriteLedgerAsync([ToolTurn(1)]);
        using var store = SqliteConversationStore.Open(_dir.Path);

        using (IndexLock.TryAcquire(_dir.Path))
        {
            Assert.Null(IndexLock.TryAcquire(_dir.Path));
            Assert.False(LedgerIndexer.TryCatchUp(_dir.Path, store, Options()));
            Assert.False(LedgerIndexer.TryReindex(_dir.Path, store, Options()));
            Assert.Empty(store.AllConversations());
        }

        Assert.True(LedgerIndexer.TryCatchUp(_dir.Path, store, Options()));
        Assert.Single(store.AllConversations());
    }

    [Fact]
    public async Task A_record_acknowledged_while_serve_indexes_as_a_ledger_consumer_is_listed_within_a_second()
    {
        await using var ledger = LedgerTestData.Open(_dir.Path);
        await AppendAsync(ledger, [ToolTurn(1)]);
        var consumers = new LedgerConsumerHost(_dir.Path, ledger, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        consumers.Add(new IndexConsumer(_dir.Path, () => SqliteConversationStore.Open(_dir.Path), Options(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
        using var reader = SqliteConversationStore.Open(_dir.Path);
        await WaitForAsync(() => reader.AllConversations().Count == 1, TimeSpan.FromSeconds(10));

        await AppendAsync(ledger, [ToolTurn(2)]);
        var acknowledged = Stopwatch.StartNew();
        await WaitForAsync(() => reader.AllConversations().Count == 2, TimeSpan.FromSeconds(5));

        Assert.True(acknowledged.Elapsed < TimeSpan.FromSeconds(1), $"listed after {acknowledged.Elapsed}");
        Assert.False(LedgerIndexer.TryCatchUp(_dir.Path, reader, Options()), "the running indexer holds the lock");
        await consumers.DisposeAsync();
        Assert.True(LedgerIndexer.TryCatchUp(_dir.Path, reader, Options()), "stopping released the lock");
    }

    [Fact]
    public async Task Following_a_writer_indexes_what_it_writes_until_it_finishes_and_matches_a_reindex()
    {
        var options = new LedgerOptions { MaxSegmentBytes = 6_000 };
        using var store = SqliteConversationStore.Open(_dir.Path);
        var writer = new WriterProgress();
        int followed;
        await using (var ledger = LedgerTestData.Open(_dir.Path, options))
        {
            var following = Task.Run(() => new LedgerIndexer(_dir.Path, store, Options(batchBytes: 2_000)).Follow(writer));
            for (var n = 0; n < 12; n++)
            {
                var requests = new[] { ToolTurn(n), FollowUp(n / 2, 5, $"and then {n}") };
                // Half of the lines come with their events, as an import hands them over.
                writer.WillWrite(n % 2 == 0 ? requests.Select(HandOver) : []);
                await AppendAsync(ledger, requests, options);
                writer.Wrote();
            }

            writer.Finished();
            followed = await following.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(24, followed);
        Assert.Equal(0, writer.PendingBytes);
        var followedSnapshot = Snapshot(store);
        new LedgerIndexer(_dir.Path, store, Options()).Reindex();
        Assert.Equal(Snapshot(store), followedSnapshot);
    }

    [Fact]
    public void A_writer_that_finished_without_writing_ends_the_follow_at_once()
    {
        using var store = SqliteConversationStore.Open(_dir.Path);
        var writer = new WriterProgress();
        writer.Finished();

        Assert.Equal(0, new LedgerIndexer(_dir.Path, store, Options()).Follow(writer));
    }

    [Fact]
    public void Handed_over_events_are_taken_once_and_only_for_the_very_same_line_bytes_not_one_of_the_same_length()
    {
        var writer = new WriterProgress();
        var request = ToolTurn(1);
        var line = LedgerLine(request);
        var events = LineEvents.Of(request);
        writer.WillWrite([(line.Length, LineHash.Of(line), events)]);

        Assert.Equal(line.Length, writer.PendingBytes);
        Assert.Null(writer.Take([.. line, (byte)' ']));
        byte[] changed = [.. line];
        changed[line.Length / 2] ^= 1;
        Assert.Null(writer.Take(changed));
        Assert.Same(events, writer.Take([.. line]));
        Assert.Null(writer.Take(line));
        Assert.Equal(0, writer.PendingBytes);
    }

    private static (int Length, UInt128 Hash, LineEvents Events) HandOver(OpenTelemetry.Proto.Collector.Logs.V1.ExportLogsServiceRequest request)
    {
        var line = LedgerLine(request);
        return (line.Length, LineHash.Of(line), LineEvents.Of(request));
    }

    private static byte[] LedgerLine(OpenTelemetry.Proto.Collector.Logs.V1.ExportLogsServiceRequest request)
    {
        using var batch = LedgerLineEncoder.Encode(Signal.Logs, request, new LedgerOptions().MaxLineBytes);
        return batch.Span[..^1].ToArray();
    }

    private static LedgerIndexerOptions Options(int batchBytes = 8 << 20) =>
        new() { BatchBytes = batchBytes };

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, "timed out waiting for the index");
            await Task.Delay(10);
        }
    }

    private async Task WriteLedgerAsync(IEnumerable<OpenTelemetry.Proto.Collector.Logs.V1.ExportLogsServiceRequest> requests)
    {
        await using var ledger = LedgerTestData.Open(_dir.Path);
        await AppendAsync(ledger, requests);
    }

    private static List<string> Snapshot(IConversationStore store)
    {
        var conversations = store.AllConversations();
        return
        [
            .. conversations.Select(StoreTestData.Describe),
            .. conversations.SelectMany(c => store.Events(c.Id)).Select(StoreTestData.Describe),
            $"{store.Stats().Events} events",
        ];
    }
}
