using CodexOtel.Codex;
using CodexOtel.Store;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Store;

/// <summary>
/// The contract's usage rollups, differentially: after random indexing, growth, re-saves, pruning and a reindex, the
/// rows of every grain and the active conversations of random ranges equal what the conversations' own buckets
/// (<see cref="UsageBuckets.Of"/>, computed here in memory) add up to.
/// </summary>
public abstract partial class ConversationStoreContract
{
    private static readonly string?[] RollupModels = ["gpt-5", "o3", null];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Usage_of_any_range_and_grain_equals_the_sum_of_the_conversations_buckets_through_growth_pruning_and_reindex(int seed)
    {
        var random = new Random(seed);
        var pending = new Dictionary<string, List<CodexEvent>>(StringComparer.Ordinal);
        var stored = new Dictionary<string, List<CodexEvent>>(StringComparer.Ordinal);
        for (var step = 0; step < 240; step++)
        {
            var roll = random.Next(10);
            if (roll < 4 || stored.Count == 0)
            {
                var id = $"conv-{step:D3}";
                pending[id] = RandomConversation(random, id);
                stored[id] = [];
                Grow(random, id, pending, stored);
            }
            else if (roll < 7 && pending.Keys.FirstOrDefault(k => pending[k].Count > 0) is { } growing)
            {
                Grow(random, growing, pending, stored);
            }
            else if (roll < 9)
            {
                var id = stored.Keys.ElementAt(random.Next(stored.Count));
                var gone = random.Next(3) == 0 ? stored[id] : [.. stored[id].Take(1 + random.Next(stored[id].Count))];
                Store.RemoveEvents(gone);
                stored[id] = [.. stored[id].Except(gone)];
                if (stored[id].Count == 0)
                {
                    stored.Remove(id);
                    pending.Remove(id);
                }
                else
                {
                    Store.SaveSummaries([Indexed(Store.Events(id))]);
                }
            }
            else
            {
                Store.SaveSummaries([.. stored.Values.Select(e => Indexed(e))]);
            }

            if (step == 160)
            {
                Store.Reset();
                foreach (var events in stored.Values)
                {
                    Store.Apply(events, "logs", null);
                }

                Store.SaveSummaries([.. stored.Values.Select(e => Indexed(e))]);
            }

            if (step % 8 == 7)
            {
                await AssertUsageMatches(random, stored);
            }
        }
    }

    private async Task AssertUsageMatches(Random random, Dictionary<string, List<CodexEvent>> stored)
    {
        var buckets = stored.SelectMany(c => UsageBuckets.Of(Indexed(c.Value)).Select(b => (Conversation: c.Key, Bucket: b))).ToList();
        for (var i = 0; i < 6; i++)
        {
            DateTimeOffset? since = random.Next(8) == 0 ? null : T0.AddMinutes(-random.Next(30 * 24 * 60)).AddSeconds(random.Next(60));
            DateTimeOffset? until = random.Next(8) == 0 ? null : (since ?? T0.AddDays(-30)).AddMinutes(random.Next(12 * 24 * 60)).AddSeconds(random.Next(60));
            var inRange = buckets.Where(b => b.Bucket.Number >= UsageBuckets.From(since) && b.Bucket.Number < UsageBuckets.Until(until)).ToList();

            Assert.Equal(inRange.Select(b => b.Conversation).Distinct().Count(), await Store.ActiveConversationsAsync(since, until));
            foreach (var grain in Enum.GetValues<UsageGrain>())
            {
                var width = (int)grain * UsageBuckets.BucketTicks;
                var rows = await Store.UsageBucketsAsync(since, until, grain);

                Assert.All(rows, r => Assert.Equal(0, r.Start.UtcTicks % UsageBuckets.BucketTicks));
                Assert.Equal(
                    Sums(inRange.Select(b => (b.Bucket.Start, Model: b.Bucket.Model.Length == 0 ? null : b.Bucket.Model, b.Bucket.Turns, b.Bucket.Responses,
                        b.Bucket.Tokens, b.Bucket.ToolCalls, b.Bucket.Denials, b.Bucket.Errors)), width),
                    Sums(rows.Select(r => (r.Start, r.Model, r.Turns, r.Responses, r.Tokens, r.ToolCalls, r.Denials, r.Errors)), width));
            }
        }
    }

    /// <summary>Per slot of the grain and model, the sums, in a canonical order.</summary>
    private static List<string> Sums(
        IEnumerable<(DateTimeOffset Start, string? Model, int Turns, int Responses, TokenUsage Tokens, int ToolCalls, int Denials, int Errors)> rows, long width) =>
        [.. rows
            .GroupBy(r => (Slot: r.Start.UtcTicks / width, r.Model))
            .Select(g => $"{g.Key.Slot} {g.Key.Model ?? "-"} turns={g.Sum(r => r.Turns)} responses={g.Sum(r => r.Responses)} " +
                $"tokens={g.Aggregate(TokenUsage.Zero, (sum, r) => sum + r.Tokens)} tools={g.Sum(r => r.ToolCalls)} " +
                $"denials={g.Sum(r => r.Denials)} errors={g.Sum(r => r.Errors)}")
            .Order(StringComparer.Ordinal)];

    private void Grow(Random random, string id, Dictionary<string, List<CodexEvent>> pending, Dictionary<string, List<CodexEvent>> stored)
    {
        var next = pending[id].Take(1 + random.Next(pending[id].Count)).ToList();
        pending[id] = [.. pending[id].Skip(next.Count)];
        stored[id] = [.. stored[id], .. next];
        Store.Apply(next, "logs", null);
        Store.SaveSummaries([Indexed(stored[id])]);
    }

    /// <summary>Turns minutes, hours or days apart (a resumed conversation), with models, tool calls, denials and errors.</summary>
    private static List<CodexEvent> RandomConversation(Random random, string id)
    {
        var time = T0.AddMinutes(-random.Next(25 * 24 * 60)).AddSeconds(random.Next(60));
        var events = new List<CodexEvent> { Event(id, CodexEventKind.ConversationStart, time, model: RollupModels[random.Next(2)], key: $"{id}/0") };
        for (var turn = 0; turn < 1 + random.Next(6); turn++)
        {
            time = time.AddMinutes(random.Next(4) switch { 0 => random.Next(5), 1 => random.Next(90), 2 => random.Next(600), _ => random.Next(4 * 24 * 60) });
            var model = RollupModels[random.Next(RollupModels.Length)];
            var n = events.Count;
            events.Add(Event(id, CodexEventKind.UserPrompt, time, text: "go", model: model, key: $"{id}/{n}"));
            events.Add(Event(id, CodexEventKind.ModelResponse, time.AddSeconds(20), model: model, tokens: new TokenUsage(random.Next(1000), random.Next(100), random.Next(300), random.Next(50)), key: $"{id}/{n + 1}"));
            var call = $"call-{n}";
            var denied = random.Next(4) == 0;
            events.Add(Event(id, CodexEventKind.ToolDecision, time.AddSeconds(30), model: model, key: $"{id}/{n + 2}") with
            {
                Tool = "exec_command",
                CallId = call,
                Decision = denied ? "denied" : "approved",
                DecisionSource = "User",
            });
            events.Add(Event(id, CodexEventKind.ToolResult, time.AddMinutes(random.Next(40)), model: model, key: $"{id}/{n + 3}") with
            {
                Tool = "exec_command",
                CallId = call,
                Success = !denied && random.Next(3) > 0,
                DurationMs = 5,
            });
        }

        return events;
    }
}
