using CodexOtel.Codex;
using CodexOtel.Store;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Store;

/// <summary>The contract's usage: per day (in a time zone), model and conversation, counted as the summaries count.</summary>
public abstract partial class ConversationStoreContract
{
    private static readonly TimeZoneInfo Plus2 = TimeZoneInfo.CreateCustomTimeZone("test+2", TimeSpan.FromHours(2), "test+2", "test+2");
    private static readonly DateTimeOffset Evening = new(2026, 11, 23, 23, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Usage_sums_turns_and_model_response_tokens_per_day_model_and_conversation()
    {
        IndexUsage();

        var rows = await Store.UsageAsync(null, null, TimeZoneInfo.Utc);

        Assert.Equal(3, rows.Count);
        Assert.Equal(new UsageRow(new DateOnly(2026, 11, 23), "gpt-5", "conv-a", 1, 2, new TokenUsage(240, 40, 60, 20)),
            rows.Single(r => r.ConversationId == "conv-a"));
        Assert.Equal(new UsageRow(new DateOnly(2026, 11, 23), "o3", "conv-b", 1, 2, new TokenUsage(240, 40, 60, 20)),
            rows.Single(r => r.ConversationId == "conv-b"));
    }

    [Fact]
    public async Task Usage_counts_what_the_summary_counts_when_telemetry_and_a_rollout_file_both_have_a_response()
    {
        IndexUsage();
        var recorded = Conversation("conv-m", Evening.AddDays(-1));
        var fromRollout = recorded.Single(e => e.Kind == CodexEventKind.AgentResponse) with
        {
            Key = "rollout-copy",
            Kind = CodexEventKind.ModelResponse,
            Source = "rollout",
            Tokens = new TokenUsage(120, 20, 30, 10),
        };

        IndexWithSummary([.. recorded, fromRollout]);

        var row = (await Store.UsageAsync(null, null, TimeZoneInfo.Utc)).Single(r => r.ConversationId == "conv-m");
        Assert.Equal((await Store.FindAsync("conv-m")).Found!.Tokens, row.Tokens);
        Assert.Equal(new TokenUsage(240, 40, 60, 20), row.Tokens);
    }

    [Fact]
    public async Task Usage_days_follow_the_time_zone_asked_for()
    {
        IndexUsage();

        var rows = await Store.UsageAsync(null, null, Plus2);

        Assert.Equal(new DateOnly(2026, 11, 24), rows.Single(r => r.ConversationId == "conv-a").Day);
        Assert.Equal(new DateOnly(2026, 11, 23), rows.Single(r => r.ConversationId == "conv-b").Day);
    }

    [Fact]
    public async Task Usage_counts_only_events_in_the_time_range()
    {
        IndexUsage();

        var row = Assert.Single(await Store.UsageAsync(Evening.AddHours(-1), Evening.AddHours(1), TimeZoneInfo.Utc));
        var earlier = await Store.UsageAsync(null, Evening.AddHours(-4), TimeZoneInfo.Utc);

        Assert.Equal(("conv-a", 1, 2), (row.ConversationId, row.Turns, row.Responses));
        Assert.Equal(["conv-b", "conv-c"], earlier.Select(r => r.ConversationId).Order());
    }

    [Fact]
    public async Task Usage_of_events_that_name_no_model_goes_to_the_conversation_model()
    {
        IndexUsage();

        var row = (await Store.UsageAsync(null, null, TimeZoneInfo.Utc)).Single(r => r.ConversationId == "conv-c");

        Assert.Equal("gpt-4.1", row.Model);
        Assert.Equal(new TokenUsage(1000, 0, 5, 0), row.Tokens);
    }

    // conv-a late on 23 Nov (UTC; the 24th at +2), conv-b (o3) five hours earlier, conv-c three days earlier naming no model.
    private void IndexUsage()
    {
        IndexWithSummary(Conversation("conv-a", Evening));
        IndexWithSummary(Conversation("conv-b", Evening.AddHours(-5), model: "o3"));
        List<CodexEvent> noModel =
        [
            Event("conv-c", CodexEventKind.UserPrompt, Evening.AddDays(-3), text: "hi", model: null),
            Event("conv-c", CodexEventKind.ModelResponse, Evening.AddDays(-3).AddSeconds(1), model: null, tokens: new TokenUsage(1000, 0, 5, 0)),
        ];
        Store.Apply(noModel, "logs", null);
        Store.SaveSummaries([new IndexedConversation(Summary("conv-c", Evening.AddDays(-3), model: "gpt-4.1")) { Events = noModel }]);
    }
}
