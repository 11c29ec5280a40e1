using CodexOtel.Codex;
using CodexOtel.Store;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Store;

/// <summary>
/// The contract's tool statistics, differentially: after random indexing, growth, pruning and a reindex, the stats of
/// random ranges (an hour to weeks, open or not) equal what the stored tool events add up to, computed here in memory:
/// calls, failures and denials exactly, percentiles exactly over a span of tool events up to
/// <see cref="ToolDurationHistogram.ExactUpTo"/> and otherwise inside the bucket of the exact one.
/// </summary>
public abstract partial class ConversationStoreContract
{
    private static readonly string[] RollupTools = ["exec_command", "apply_patch", "update_plan"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Tool_stats_of_any_range_equal_the_stored_tool_events_through_growth_pruning_and_reindex(int seed)
    {
        var random = new Random(seed);
        var stored = new Dictionary<string, List<CodexEvent>>(StringComparer.Ordinal);
        for (var step = 0; step < 120; step++)
        {
            var roll = random.Next(10);
            if (roll < 6 || stored.Count == 0)
            {
                var id = $"conv-{step:D3}";
                var events = RandomToolCalls(random, id);
                Store.Apply(events, "logs", null);
                // Applied again in part: an event already stored adds nothing.
                Store.Apply(events.Take(random.Next(events.Count)).ToList(), "logs", null);
                stored[id] = events;
            }
            else
            {
                var id = stored.Keys.ElementAt(random.Next(stored.Count));
                var gone = random.Next(3) == 0 ? stored[id] : [.. stored[id].Where(_ => random.Next(3) == 0)];
                Store.RemoveEvents(gone);
                stored[id] = [.. stored[id].Except(gone)];
            }

            if (step == 80)
            {
                Store.Reset();
                foreach (var events in stored.Values)
                {
                    Store.Apply(events, "logs", null);
                }
            }

            if (step % 6 == 5)
            {
                await AssertToolStatsMatch(random, [.. stored.Values.SelectMany(e => e)]);
            }
        }
    }

    private async Task AssertToolStatsMatch(Random random, List<CodexEvent> events)
    {
        for (var i = 0; i < 8; i++)
        {
            DateTimeOffset? since = random.Next(6) == 0 ? null : T0.AddMinutes(-random.Next(20 * 24 * 60)).AddSeconds(random.Next(60));
            DateTimeOffset? until = random.Next(6) == 0 ? null : (since ?? T0.AddDays(-20)).AddMinutes(random.Next(4) switch
            {
                0 => random.Next(90),
                1 => random.Next(30 * 60),
                _ => random.Next(20 * 24 * 60),
            });
            var inRange = events.Where(e => e.Tool is not null && (since is null || e.Time >= since) && (until is null || e.Time < until)).ToList();
            var exact = inRange.Count == 0 || inRange.Max(e => e.Time) - inRange.Min(e => e.Time) < ToolDurationHistogram.ExactUpTo;

            var rows = await Store.ToolStatsAsync(since, until);

            var expected = inRange.GroupBy(e => e.Tool!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), rows.Select(r => r.Tool).Order(StringComparer.Ordinal));
            foreach (var row in rows)
            {
                var tool = expected[row.Tool];
                var results = tool.Where(e => e.Kind == CodexEventKind.ToolResult).ToList();
                var denied = tool.Where(e => ToolRejection.IsDenial(e.Decision)).ToList();
                Assert.Equal(
                    (results.Count, results.Count(e => e.Success == false),
                        denied.Count(e => e.CallId is null) + denied.Where(e => e.CallId is not null).Select(e => (e.Time.UtcTicks / TimeSpan.TicksPerHour, e.CallId)).Distinct().Count()),
                    (row.Calls, row.Failures, row.Denials));
                var durations = results.Where(e => e.DurationMs is not null).Select(e => e.DurationMs!.Value).Order().ToList();
                AssertPercentile(durations, 0.50, row.P50Ms, exact);
                AssertPercentile(durations, 0.95, row.P95Ms, exact);
            }
        }
    }

    private static void AssertPercentile(List<double> sorted, double share, double? actual, bool exact)
    {
        if (sorted.Count == 0)
        {
            Assert.Null(actual);
            return;
        }

        var nearestRank = sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];
        if (exact)
        {
            Assert.Equal(nearestRank, actual);
            return;
        }

        var bounds = ToolDurationHistogram.Bounds;
        var bucket = ToolDurationHistogram.BucketOf(nearestRank);
        var low = bucket == 0 ? 0 : bounds[bucket - 1];
        var high = bucket == bounds.Length ? bounds[^1] : bounds[bucket];
        // Estimates are rounded to 0.1 ms.
        Assert.InRange(actual!.Value, low - 0.05, high + 0.05);
    }

    /// <summary>
    /// Tool calls of several tools over hours to days: durations from under a millisecond to hours (and none), results
    /// that succeed, fail or say nothing (and decisions that say they failed, which are no failed calls), calls denied by
    /// their decision and again on their result (an hour apart at times), and denials without a call id.
    /// </summary>
    private static List<CodexEvent> RandomToolCalls(Random random, string id)
    {
        var time = T0.AddMinutes(-random.Next(20 * 24 * 60)).AddSeconds(random.Next(60));
        var events = new List<CodexEvent>();
        for (var n = 0; n < 2 + random.Next(12); n++)
        {
            time = time.AddMinutes(random.Next(3) switch { 0 => random.Next(5), 1 => random.Next(120), _ => random.Next(3 * 24 * 60) });
            var tool = RollupTools[random.Next(RollupTools.Length)];
            var call = random.Next(8) == 0 ? null : $"call-{n % 5}";
            var denied = random.Next(4) == 0;
            var key = $"{id}/{n}";
            events.Add(Event(id, CodexEventKind.ToolDecision, time, key: key + "/decision") with
            {
                Tool = tool,
                CallId = call,
                Decision = denied ? "Denied" : "approved",
                Success = random.Next(5) == 0 ? false : null,
            });
            events.Add(Event(id, CodexEventKind.ToolResult, time.AddMinutes(random.Next(3) == 0 ? random.Next(90) : 0), key: key + "/result") with
            {
                Tool = tool,
                CallId = call,
                Success = random.Next(4) switch { 0 => null, 1 => false, _ => !denied },
                Decision = denied && random.Next(2) == 0 ? "denied" : null,
                DurationMs = random.Next(6) == 0 ? null : Math.Round(Math.Exp(random.NextDouble() * 16) - 0.5, random.Next(3)),
            });
        }

        return events;
    }
}
