using CodexOtel.Codex;
using CodexOtel.Store;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Store;

/// <summary>The contract's full-text search and its pages.</summary>
public abstract partial class ConversationStoreContract
{
    [Fact]
    public async Task Search_finds_a_word_of_a_prompt()
    {
        IndexSearchable();

        var hit = Assert.Single(await Search("files"));

        Assert.Equal("conv-a", hit.ConversationId);
        Assert.Equal(CodexEventKind.UserPrompt, hit.Event.Kind);
        Assert.Equal(1, hit.Turn);
        Assert.Contains($"{SearchHit.HighlightStart}files{SearchHit.HighlightEnd}", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_finds_words_of_tool_output_and_tool_arguments_with_the_turn_they_belong_to()
    {
        IndexSearchable();

        var output = Assert.Single(await Search("refused"));
        var arguments = Assert.Single(await Search("kubectl"));

        Assert.Equal(CodexEventKind.ToolResult, output.Event.Kind);
        Assert.Equal("conv-b", output.ConversationId);
        Assert.Equal(2, output.Turn);
        Assert.Equal(output.Event.Key, arguments.Event.Key);
    }

    [Fact]
    public async Task Search_finds_the_agent_response_and_requires_every_word()
    {
        IndexSearchable();

        Assert.Equal(CodexEventKind.AgentResponse, Assert.Single(await Search("command printed")).Event.Kind);
        Assert.Empty(await Search("command kubernetes"));
    }

    [Fact]
    public async Task A_trailing_star_searches_by_prefix()
    {
        IndexSearchable();

        Assert.Equal(["conv-b"], (await Search("kube*")).Select(h => h.ConversationId).Distinct());
    }

    [Fact]
    public async Task Search_text_with_query_syntax_is_taken_literally_and_never_fails()
    {
        IndexSearchable();

        Assert.Empty(await Search("\"unbalanced AND (NOT"));
        Assert.Empty(await Search("   "));
        Assert.Empty(await Search("*"));
        Assert.Single(await Search("cluster\""));
        Assert.Single(await Search("(connection refused)"));
    }

    [Fact]
    public async Task A_hit_in_a_conversation_not_summarised_yet_has_no_turn()
    {
        IndexSearchable();
        Store.Apply([Event("conv-c", CodexEventKind.UserPrompt, T0, text: "brand new zebra")], "logs", null);

        var hit = Assert.Single(await Search("zebra"));

        Assert.Equal(("conv-c", (int?)null), (hit.ConversationId, hit.Turn));
    }

    [Fact]
    public async Task Search_returns_at_most_the_limit_the_most_recently_indexed_first()
    {
        IndexSearchable();

        Assert.Equal(2, (await Search("question")).Count);
        Assert.Equal("second question about kubernetes", Assert.Single(await Search("question", limit: 1)).Event.Text);
    }

    [Fact]
    public async Task Search_results_carry_the_full_event()
    {
        IndexSearchable();

        var hit = Assert.Single(await Search("hello"), h => h.Event.Kind == CodexEventKind.ToolResult);

        Assert.Equal(
            Describe(Conversation("conv-a", T0, prompt: "please list the files in src").Single(e => e.Kind == CodexEventKind.ToolResult)),
            Describe(hit.Event));
    }

    [Fact]
    public async Task Applying_a_batch_again_with_one_new_event_indexes_the_text_of_only_the_new_one()
    {
        IndexSearchable();
        List<CodexEvent> again =
        [
            .. Conversation("conv-a", T0, prompt: "please list the files in src"),
            Event("conv-a", CodexEventKind.UserPrompt, T0.AddMinutes(5), text: "now list the files in tests"),
        ];

        Store.Apply(again, "logs", null);

        Assert.Equal(2, (await Search("files")).Count);
        Assert.Single(await Search("tests"));
    }

    [Fact]
    public async Task A_batch_of_events_without_text_leaves_the_full_text_index_as_it_was()
    {
        IndexSearchable();
        Store.Apply([Event("conv-c", CodexEventKind.Other, T0.AddHours(1))], "logs", null);

        Assert.Single(await Search("files"));
        Assert.Single(await Search("refused"));
    }

    [Fact]
    public async Task Walking_every_page_of_a_search_gives_each_hit_once_most_recently_indexed_first()
    {
        // Applied in three batches, so that the order of indexing differs from the order of time.
        var prompts = Enumerable.Range(0, 13).Select(n => Event($"conv-{n % 3}", CodexEventKind.UserPrompt, T0.AddMinutes(-n), text: $"zebra number {n}")).ToList();
        foreach (var batch in prompts.Chunk(5))
        {
            Store.Apply(batch, "logs", null);
        }

        Store.Apply([Event("conv-x", CodexEventKind.UserPrompt, T0, text: "no match here")], "logs", null);
        var expected = (await Search("zebra", limit: 100)).Select(h => h.Event.Key).ToList();
        Assert.Equal(prompts.Select(e => e.Key).Order(), expected.Order());
        Assert.Equal(prompts[10..].Select(e => e.Key).Order(), expected[..3].Order());

        foreach (var limit in new[] { 1, 4, 12, 13, 14 })
        {
            var pages = await SearchPages(new EventSearch("zebra") { Limit = limit });

            Assert.All(pages, page => Assert.InRange(page.Count, 1, limit));
            Assert.Equal(expected, pages.SelectMany(p => p));
        }
    }

    [Fact]
    public async Task Events_indexed_after_the_first_page_do_not_appear_in_the_later_pages()
    {
        Store.Apply([.. Enumerable.Range(0, 4).Select(n => Event("conv-a", CodexEventKind.UserPrompt, T0.AddSeconds(n), text: $"zebra {n}"))], "logs", null);
        var first = await Store.SearchAsync(new EventSearch("zebra") { Limit = 2 });

        Store.Apply([Event("conv-b", CodexEventKind.UserPrompt, T0.AddHours(1), text: "zebra later")], "logs", null);
        var second = await Store.SearchAsync(new EventSearch("zebra") { Limit = 2, After = first.Next });

        Assert.Equal(["zebra 3", "zebra 2"], first.Hits.Select(h => h.Event.Text));
        Assert.Equal(["zebra 1", "zebra 0"], second.Hits.Select(h => h.Event.Text));
        Assert.Null(second.Next);
    }

    // conv-a: a whole conversation (prompt about files, tool output "hello …"); conv-b: two prompts, a failed kubectl.
    private void IndexSearchable()
    {
        IndexWithSummary(Conversation("conv-a", T0, prompt: "please list the files in src"));
        IndexWithSummary(
        [
            Event("conv-b", CodexEventKind.UserPrompt, T0, text: "first question"),
            Event("conv-b", CodexEventKind.UserPrompt, T0.AddMinutes(1), text: "second question about kubernetes"),
            Event("conv-b", CodexEventKind.ToolResult, T0.AddMinutes(2), text: "{\"cmd\":\"kubectl get pods\"}",
                detail: "error: connection refused by the cluster"),
        ]);
    }

    private void IndexWithSummary(List<CodexEvent> events)
    {
        Store.Apply(events, "logs", null);
        Store.SaveSummaries([Indexed(events)]);
    }

    private async Task<IReadOnlyList<SearchHit>> Search(string text, int limit = 10) =>
        (await Store.SearchAsync(new EventSearch(text) { Limit = limit })).Hits;

    /// <summary>Every page of a search, each as the keys of its events, following the cursors to the end.</summary>
    private async Task<List<List<string>>> SearchPages(EventSearch search)
    {
        var pages = new List<List<string>>();
        for (EventSearch? next = search; next is not null && pages.Count < 100;)
        {
            var page = await Store.SearchAsync(next);
            pages.Add([.. page.Hits.Select(h => h.Event.Key)]);
            next = page.Next is { } cursor ? next with { After = cursor } : null;
        }

        return pages;
    }
}
