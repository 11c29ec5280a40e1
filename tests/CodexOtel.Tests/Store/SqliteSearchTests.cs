using CodexOtel.Codex;
using CodexOtel.Store;
using CodexOtel.Store.Sqlite;
using CodexOtel.Tests.E2E.Support;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Store;

public sealed class SqliteSearchTests : IDisposable
{
    private readonly TempDirectory _dir = new("search");
    private readonly SqliteConversationStore _store;

    public SqliteSearchTests()
    {
        _store = SqliteConversationStore.Open(_dir.Path);
        Index(Conversation("conv-a", T0, prompt: "please list the files in src"));
        Index(
        [
            Event("conv-b", CodexEventKind.UserPrompt, T0, text: "first question"),
            Event("conv-b", CodexEventKind.UserPrompt, T0.AddMinutes(1), text: "second question about kubernetes"),
            Event("conv-b", CodexEventKind.ToolResult, T0.AddMinutes(2), text: "{\"cmd\":\"kubectl get pods\"}",
                detail: "error: connection refused by the cluster"),
        ]);
    }

    private void Index(List<CodexEvent> events)
    {
        _store.Apply(events, "logs", null);
        _store.SaveSummaries([Indexed(events)]);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Search_finds_a_word_of_a_prompt()
    {
        var hit = Assert.Single(_store.Search("files", 10));

        Assert.Equal("conv-a", hit.ConversationId);
        Assert.Equal(CodexEventKind.UserPrompt, hit.Event.Kind);
        Assert.Equal(1, hit.Turn);
        Assert.Contains($"{SearchHit.HighlightStart}files{SearchHit.HighlightEnd}", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_finds_words_of_tool_output_and_tool_arguments_with_the_turn_they_belong_to()
    {
        var output = Assert.Single(_store.Search("refused", 10));
        var arguments = Assert.Single(_store.Search("kubectl", 10));

        Assert.Equal(CodexEventKind.ToolResult, output.Event.Kind);
        Assert.Equal("conv-b", output.ConversationId);
        Assert.Equal(2, output.Turn);
        Assert.Equal(output.Event.Key, arguments.Event.Key);
    }

    [Fact]
    public void Search_finds_the_agent_response_and_requires_every_word()
    {
        Assert.Equal(CodexEventKind.AgentResponse, Assert.Single(_store.Search("command printed", 10)).Event.Kind);
        Assert.Empty(_store.Search("command kubernetes", 10));
    }

    [Fact]
    public void A_trailing_star_searches_by_prefix()
    {
        Assert.Equal(["conv-b"], _store.Search("kube*", 10).Select(h => h.ConversationId).Distinct());
    }

    [Fact]
    public void Search_text_with_query_syntax_is_taken_literally_and_never_fails()
    {
        Assert.Empty(_store.Search("\"unbalanced AND (NOT", 10));
        Assert.Empty(_store.Search("   ", 10));
        Assert.Empty(_store.Search("*", 10));
        Assert.Single(_store.Search("cluster\"", 10));
        Assert.Single(_store.Search("(connection refused)", 10));
    }

    [Fact]
    public void A_hit_in_a_conversation_not_summarised_yet_has_no_turn()
    {
        _store.Apply([Event("conv-c", CodexEventKind.UserPrompt, T0, text: "brand new zebra")], "logs", null);

        var hit = Assert.Single(_store.Search("zebra", 10));

        Assert.Equal(("conv-c", (int?)null), (hit.ConversationId, hit.Turn));
    }

    [Fact]
    public void Search_returns_at_most_the_limit_the_most_recently_indexed_first()
    {
        Assert.Equal(2, _store.Search("question", 10).Count);
        Assert.Equal("second question about kubernetes", Assert.Single(_store.Search("question", 1)).Event.Text);
    }

    [Fact]
    public void Search_results_carry_the_full_event()
    {
        var hit = Assert.Single(_store.Search("hello", 10), h => h.Event.Kind == CodexEventKind.ToolResult);

        Assert.Equal(
            Describe(Conversation("conv-a", T0, prompt: "please list the files in src").Single(e => e.Kind == CodexEventKind.ToolResult)),
            Describe(hit.Event));
    }

    [Fact]
    public void Applying_a_batch_again_with_one_new_event_indexes_the_text_of_only_the_new_one()
    {
        List<CodexEvent> again =
        [
            .. Conversation("conv-a", T0, prompt: "please list the files in src"),
            Event("conv-a", CodexEventKind.UserPrompt, T0.AddMinutes(5), text: "now list the files in tests"),
        ];

        _store.Apply(again, "logs", null);

        Assert.Equal(2, _store.Search("files", 10).Count);
        Assert.Single(_store.Search("tests", 10));
    }

    [Fact]
    public void A_batch_of_events_without_text_leaves_the_full_text_index_as_it_was()
    {
        _store.Apply([Event("conv-c", CodexEventKind.Other, T0.AddHours(1))], "logs", null);

        Assert.Single(_store.Search("files", 10));
        Assert.Single(_store.Search("refused", 10));
    }
}
