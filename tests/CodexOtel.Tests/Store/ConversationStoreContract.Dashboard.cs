using CodexOtel.Codex;
using CodexOtel.Store;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Store;

/// <summary>The contract's dashboard reads: sorted lists and their counts, the text filter, usage buckets, tools.</summary>
public abstract partial class ConversationStoreContract
{
    private static readonly PriceTable TestPrices = PriceTable.Of(new Dictionary<string, ModelPrice>
    {
        ["gpt-5"] = new(1m, 0.1m, 10m),
        ["o3"] = new(2m, 0.5m, 8m),
    });

    [Fact]
    public async Task Every_sort_walks_each_conversation_once_in_its_order_in_both_directions_through_equal_values()
    {
        // Values repeat, so that ties are split by id; one conversation has a model without a price.
        var summaries = Enumerable.Range(0, 17).Select(n =>
        {
            var model = n % 5 == 4 ? "unpriced-model" : n % 2 == 0 ? "gpt-5" : "o3";
            var tokens = new TokenUsage(100 * (n % 4), 10 * (n % 3), 7 * (n % 5), n % 2);
            return Summary($"conv-{(n * 7) % 17:D2}", T0.AddSeconds(-(n / 3)), model: model) with
            {
                Ended = T0.AddSeconds(n % 6),
                Turns = n % 3,
                ToolCalls = n % 4,
                Errors = n % 2,
                Tokens = tokens,
                TokensByModel = new Dictionary<string, TokenUsage> { [model] = tokens },
            };
        }).ToArray();
        Store.SaveSummaries(Only(summaries));
        await Store.UsePricesAsync(TestPrices);

        var keys = new Dictionary<ConversationSort, Func<ConversationSummary, decimal>>
        {
            [ConversationSort.Started] = s => s.Started.UtcTicks,
            [ConversationSort.Cost] = s => TestPrices.Cost(s) ?? -1m,
            [ConversationSort.Tokens] = s => s.Tokens.Input + s.Tokens.Output,
            [ConversationSort.Turns] = s => s.Turns,
            [ConversationSort.ToolCalls] = s => s.ToolCalls,
            [ConversationSort.Errors] = s => s.Errors,
            [ConversationSort.Duration] = s => s.Duration.Ticks,
        };
        foreach (var (sort, key) in keys)
        {
            foreach (var ascending in new[] { false, true })
            {
                var ordered = ascending
                    ? summaries.OrderBy(key).ThenBy(s => s.Id, StringComparer.Ordinal)
                    : summaries.OrderByDescending(key).ThenByDescending(s => s.Id, StringComparer.Ordinal);

                var pages = await Pages(new ConversationQuery { Sort = sort, Ascending = ascending, Limit = 3 });

                Assert.Equal(ordered.Select(s => s.Id), pages.SelectMany(p => p));
                Assert.Equal(6, pages.Count);
            }
        }
    }

    [Fact]
    public async Task Sorting_by_cost_follows_the_prices_last_given_including_for_summaries_saved_after_them()
    {
        var cheapOnO3 = PriceTable.Of(new Dictionary<string, ModelPrice> { ["gpt-5"] = new(10m, 1m, 10m), ["o3"] = new(1m, 0.1m, 1m) });
        var cheapOnGpt5 = PriceTable.Of(new Dictionary<string, ModelPrice> { ["gpt-5"] = new(1m, 0.1m, 1m), ["o3"] = new(10m, 1m, 10m) });
        Store.SaveSummaries(Only(Summary("on-gpt-5", T0), Summary("on-o3", T0.AddSeconds(-1), model: "o3")));

        Assert.True(await Store.UsePricesAsync(cheapOnO3));
        Assert.False(await Store.UsePricesAsync(cheapOnO3));
        Assert.Equal(["on-gpt-5", "on-o3"], await Ids(new ConversationQuery { Sort = ConversationSort.Cost }));

        Assert.True(await Store.UsePricesAsync(cheapOnGpt5));
        Store.SaveSummaries(Only(Summary("later-on-o3", T0.AddSeconds(1), model: "o3")));
        Assert.Equal(["on-o3", "later-on-o3", "on-gpt-5"], await Ids(new ConversationQuery { Sort = ConversationSort.Cost }));
    }

    [Fact]
    public async Task The_text_filter_keeps_conversations_with_an_event_that_has_every_word_together_with_the_other_filters()
    {
        IndexWithSummary(Conversation("about-pods", T0, prompt: "why are the kubernetes pods pending"));
        IndexWithSummary(Conversation("about-nodes", T0.AddMinutes(-1), prompt: "list the kubernetes nodes", model: "o3"));
        IndexWithSummary(Conversation("about-cats", T0.AddMinutes(-2), prompt: "draw a cat"));

        Assert.Equal(["about-pods", "about-nodes"], await Ids(new ConversationQuery { Text = "kubernetes" }));
        Assert.Equal(["about-pods"], await Ids(new ConversationQuery { Text = "kubernetes pods" }));
        Assert.Equal(["about-nodes"], await Ids(new ConversationQuery { Text = "kube*", Model = "o3" }));
        Assert.Empty(await Ids(new ConversationQuery { Text = "  ** " }));
        Assert.Equal(new ConversationCount(2, true), await Store.CountAsync(new ConversationQuery { Text = "kubernetes" }, 100));
    }

    [Fact]
    public async Task The_count_is_exact_up_to_the_cap_and_says_when_there_are_more()
    {
        Store.SaveSummaries(Only([.. Enumerable.Range(0, 12).Select(n => Summary($"conv-{n:D2}", T0.AddMinutes(-n)) with { Errors = n % 3 == 0 ? 1 : 0 })]));

        Assert.Equal(new ConversationCount(12, true), await Store.CountAsync(new ConversationQuery(), 12));
        Assert.Equal(new ConversationCount(10, false), await Store.CountAsync(new ConversationQuery(), 10));
        Assert.Equal(new ConversationCount(4, true), await Store.CountAsync(new ConversationQuery { HasErrors = true, Limit = 1 }, 10));
        Assert.Equal(new ConversationCount(5, true), await Store.CountAsync(new ConversationQuery { Since = T0.AddMinutes(-4), After = new ConversationPosition(0, "x") }, 10));
    }

    [Fact]
    public async Task Usage_buckets_sum_every_conversation_per_quarter_hour_and_model_with_tool_calls_denials_and_errors()
    {
        IndexWithSummary(Conversation("conv-a", T0));
        IndexWithSummary(Conversation("conv-b", T0.AddMinutes(1), model: "o3"));
        IndexWithSummary(ToolTrouble("conv-c", T0.AddHours(2)));

        var rows = await Store.UsageBucketsAsync(null, null, UsageGrain.QuarterHour);

        var quarter = new DateTimeOffset(T0.UtcTicks / UsageBuckets.BucketTicks * UsageBuckets.BucketTicks, TimeSpan.Zero);
        Assert.Equal(new UsageBucketRow(quarter, "gpt-5", 1, 2, new TokenUsage(240, 40, 60, 20), 1, 0, 0), rows[0]);
        Assert.Equal(new UsageBucketRow(quarter, "o3", 1, 2, new TokenUsage(240, 40, 60, 20), 1, 0, 0), rows[1]);
        var trouble = rows[2];
        Assert.Equal((3, 2, 1), (trouble.ToolCalls, trouble.Denials, trouble.Errors));
        Assert.Equal(3, rows.Count);
        Assert.Equal(3, await Store.ActiveConversationsAsync(null, null));
        Assert.Equal(2, await Store.ActiveConversationsAsync(T0, T0.AddHours(1)));
        Assert.Equal(trouble, Assert.Single(await Store.UsageBucketsAsync(T0.AddHours(1), null, UsageGrain.QuarterHour)));
        var byModel = (await Store.UsageBucketsAsync(null, null, UsageGrain.Day)).GroupBy(r => r.Model).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(["gpt-5", "o3"], byModel.Select(g => g.Key));
        var gpt5 = byModel[0].Aggregate((a, b) => a with
        {
            Turns = a.Turns + b.Turns,
            Responses = a.Responses + b.Responses,
            Tokens = a.Tokens + b.Tokens,
            ToolCalls = a.ToolCalls + b.ToolCalls,
            Denials = a.Denials + b.Denials,
            Errors = a.Errors + b.Errors,
        });
        Assert.Equal((3, 2, new TokenUsage(240, 40, 60, 20), 4, 2, 1), (gpt5.Turns, gpt5.Responses, gpt5.Tokens, gpt5.ToolCalls, gpt5.Denials, gpt5.Errors));
        var summary = (await Store.FindAsync("conv-c")).Found!;
        Assert.Equal((summary.ToolCalls, summary.Denials, summary.Errors), (trouble.ToolCalls, trouble.Denials, trouble.Errors));
    }

    [Fact]
    public async Task Tool_stats_count_calls_failures_denials_and_duration_percentiles_per_tool_in_the_range()
    {
        IndexWithSummary(Conversation("conv-a", T0));
        IndexWithSummary(ToolTrouble("conv-c", T0.AddHours(2)));

        var all = await Store.ToolStatsAsync(null, null);
        var early = await Store.ToolStatsAsync(null, T0.AddHours(1));

        Assert.Equal(new ToolStatsRow("exec_command", 3, 1, 1, 30, 250), all[0]);
        Assert.Equal(new ToolStatsRow("apply_patch", 1, 1, 1, 5, 5), all[1]);
        Assert.Equal([new ToolStatsRow("exec_command", 1, 0, 0, 19.5, 19.5)], early);
    }

    [Fact]
    public async Task A_tools_calls_come_newest_first_a_page_at_a_time_with_their_turn_and_cut_short()
    {
        IndexWithSummary(Conversation("conv-a", T0));
        IndexWithSummary(ToolTrouble("conv-c", T0.AddHours(2)));
        var calls = new List<ToolCallRow>();
        var pages = 0;
        for (var query = new ToolCallQuery("exec_command") { Limit = 1 }; pages < 10;)
        {
            var page = await Store.ToolCallsAsync(query);
            pages++;
            calls.AddRange(page.Calls);
            if (page.Next is null)
            {
                break;
            }

            query = query with { After = page.Next };
        }

        Assert.Equal(3, pages);
        Assert.Equal(["conv-c", "conv-c", "conv-a"], calls.Select(c => c.ConversationId));
        Assert.Equal([2, 1, 1], calls.Select(c => c.Turn ?? -1));
        Assert.Equal(ToolCallQuery.SnippetChars, calls[0].Output!.Length);
        Assert.Equal((19.5, true, "hello from the shell\n"), (calls[2].DurationMs, calls[2].Success, calls[2].Output));
        Assert.Equal(["conv-a"], (await Store.ToolCallsAsync(new ToolCallQuery("exec_command") { Until = T0.AddHours(1) })).Calls.Select(c => c.ConversationId));
    }

    /// <summary>
    /// Two turns: a long-running command, a denied one (decision and result), a patch rejected by policy, and a command
    /// that failed with a long output.
    /// </summary>
    private static List<CodexEvent> ToolTrouble(string id, DateTimeOffset start)
    {
        CodexEvent Result(int ms, string tool, string callId, bool success, double duration, string output) =>
            Event(id, CodexEventKind.ToolResult, start.AddMilliseconds(ms), text: "{\"cmd\":\"x\"}", detail: output) with
            {
                Tool = tool,
                CallId = callId,
                Success = success,
                DurationMs = duration,
            };

        return
        [
            Event(id, CodexEventKind.UserPrompt, start, text: "first"),
            Result(100, "exec_command", "c1", true, 250, "slow"),
            Event(id, CodexEventKind.ToolDecision, start.AddMilliseconds(200)) with { Tool = "exec_command", CallId = "c2", Decision = "denied" },
            Result(210, "apply_patch", "c3", false, 5, "patch failed: Rejected(\"policy forbids\")") with { Decision = "denied" },
            Event(id, CodexEventKind.UserPrompt, start.AddMilliseconds(300), text: "second"),
            Result(400, "exec_command", "c4", false, 30, new string('x', 500)),
        ];
    }
}
