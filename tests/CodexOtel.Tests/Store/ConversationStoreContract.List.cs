using CodexOtel.Codex;
using CodexOtel.Store;
using static CodexOtel.Tests.Store.StoreTestData;

namespace CodexOtel.Tests.Store;

/// <summary>The contract's list (order, filters, pages) and find.</summary>
public abstract partial class ConversationStoreContract
{
    [Fact]
    public async Task The_list_is_newest_first_and_filters_by_start_model_and_limit()
    {
        Store.SaveSummaries(Only(
            Summary("old", T0.AddDays(-2)),
            Summary("mid", T0.AddDays(-1), model: "o3") with
            {
                TokensByModel = new Dictionary<string, TokenUsage> { ["o3"] = new(1, 0, 1, 0), ["gpt-5-codex"] = new(1, 0, 1, 0) },
            },
            Summary("new", T0)));

        Assert.Equal(["new", "mid", "old"], await Ids(new ConversationQuery()));
        Assert.Equal(["new", "mid"], await Ids(new ConversationQuery { Since = T0.AddDays(-1) }));
        Assert.Equal(["mid", "old"], await Ids(new ConversationQuery { Until = T0 }));
        Assert.Equal(["mid"], await Ids(new ConversationQuery { Model = "o3" }));
        Assert.Equal(["mid"], await Ids(new ConversationQuery { Model = "gpt-5-codex" }));
        Assert.Equal(["new"], await Ids(new ConversationQuery { Limit = 1 }));
    }

    [Fact]
    public async Task The_list_filters_by_originator_errors_and_denials()
    {
        Store.SaveSummaries(Only(
            Summary("clean", T0) with { Originator = "codex_cli_rs" },
            Summary("failed", T0.AddMinutes(-1)) with { Errors = 2 },
            Summary("denied", T0.AddMinutes(-2)) with { Denials = 1, Originator = "codex_cli_rs" },
            Summary("both", T0.AddMinutes(-3)) with { Errors = 1, Denials = 1 }));

        Assert.Equal(["clean", "denied"], await Ids(new ConversationQuery { Originator = "codex_cli_rs" }));
        Assert.Equal(["failed", "both"], await Ids(new ConversationQuery { HasErrors = true }));
        Assert.Equal(["clean", "denied"], await Ids(new ConversationQuery { HasErrors = false }));
        Assert.Equal(["denied", "both"], await Ids(new ConversationQuery { HasDenials = true }));
        Assert.Equal(["clean", "failed"], await Ids(new ConversationQuery { HasDenials = false }));
        Assert.Equal(["both"], await Ids(new ConversationQuery { HasErrors = true, HasDenials = true }));
    }

    [Fact]
    public async Task Walking_every_page_gives_each_conversation_once_in_order_through_conversations_that_started_together()
    {
        // 23 conversations, started in clumps of up to four at the same instant, saved in no particular order.
        var summaries = Enumerable.Range(0, 23)
            .Select(n => Summary($"conv-{(n * 7) % 23:D2}", T0.AddSeconds(-(n / 4))))
            .OrderBy(s => s.Id.GetHashCode(StringComparison.Ordinal))
            .ToArray();
        Store.SaveSummaries(Only(summaries));
        var expected = NewestFirst(summaries);

        foreach (var limit in new[] { 1, 2, 4, 5, 22, 23, 24 })
        {
            var pages = await Pages(new ConversationQuery { Limit = limit });

            Assert.All(pages, page => Assert.InRange(page.Count, 1, limit));
            Assert.Equal(expected, pages.SelectMany(p => p));
            Assert.Equal((expected.Count + limit - 1) / limit, pages.Count);
        }
    }

    [Fact]
    public async Task Pages_keep_the_lists_filters()
    {
        var summaries = Enumerable.Range(0, 30).Select(n => Summary($"conv-{n:D2}", T0.AddMinutes(-(n / 3)), model: n % 2 == 0 ? "o3" : "gpt-5") with
        {
            Errors = n % 5 == 0 ? 1 : 0,
        }).ToArray();
        Store.SaveSummaries(Only(summaries));
        var since = T0.AddMinutes(-7);

        var pages = await Pages(new ConversationQuery { Model = "o3", Since = since, Until = T0, HasErrors = false, Limit = 2 });

        var expected = NewestFirst(summaries.Where(s => s.Model == "o3" && s.Started >= since && s.Started < T0 && s.Errors == 0));
        Assert.NotEmpty(expected);
        Assert.Equal(expected, pages.SelectMany(p => p));
    }

    [Fact]
    public async Task The_last_page_has_no_next_cursor_even_when_it_is_full()
    {
        Store.SaveSummaries(Only(Summary("a", T0), Summary("b", T0.AddSeconds(-1)), Summary("c", T0.AddSeconds(-2)), Summary("d", T0.AddSeconds(-3))));

        var first = await Store.ListAsync(new ConversationQuery { Limit = 2 });
        var last = await Store.ListAsync(new ConversationQuery { Limit = 2, After = first.Next });

        Assert.Equal(new ConversationPosition(T0.AddSeconds(-1).UtcTicks, "b"), first.Next);
        Assert.Equal(["c", "d"], last.Conversations.Select(c => c.Id));
        Assert.Null(last.Next);
    }

    [Fact]
    public async Task A_cursor_of_a_conversation_that_is_gone_still_continues_after_its_place()
    {
        Store.SaveSummaries(Only(Summary("a", T0), Summary("c", T0.AddSeconds(-1)), Summary("e", T0.AddSeconds(-1))));

        var after = await Ids(new ConversationQuery { After = new ConversationPosition(T0.AddSeconds(-1).UtcTicks, "d") });

        Assert.Equal(["c"], after);
    }

    [Fact]
    public async Task Find_tells_an_exact_id_from_a_unique_prefix()
    {
        Store.SaveSummaries(Only(Summary("01a209b4-775c-73f2", T0), Summary("01a209b4-775c", T0.AddDays(-1))));

        var exact = await Store.FindAsync("01a209b4-775c");
        var prefix = await Store.FindAsync("01a209b4-775c-7");

        Assert.Equal(MatchKind.Exact, exact.Kind);
        Assert.Equal("01a209b4-775c", exact.Found!.Id);
        Assert.Equal(MatchKind.UniquePrefix, prefix.Kind);
        Assert.Equal("01a209b4-775c-73f2", prefix.Found!.Id);
    }

    [Fact]
    public async Task An_ambiguous_prefix_lists_every_candidate_newest_first()
    {
        Store.SaveSummaries(Only(
            Summary("01a209b4-775c", T0.AddMinutes(-2)),
            Summary("01a209b4-612e", T0),
            Summary("01a209b7-3bcd", T0.AddMinutes(-1)),
            Summary("ffff0000-0000", T0)));

        var match = await Store.FindAsync("01a2");

        Assert.Equal(MatchKind.Ambiguous, match.Kind);
        Assert.Null(match.Found);
        Assert.Equal(["01a209b4-612e", "01a209b7-3bcd", "01a209b4-775c"], match.Conversations.Select(c => c.Id));
    }

    [Fact]
    public async Task An_unknown_id_comes_with_close_matches_by_typo_or_shared_prefix()
    {
        Store.SaveSummaries(Only(
            Summary("01a209b4-775c-73f2-b475", T0),
            Summary("01a209b4-612e-0000-0000", T0),
            Summary("9f00aa11-0000-0000-0000", T0)));

        var typo = await Store.FindAsync("01a209b5-775c");
        var longer = await Store.FindAsync("01a209b4-775c-73f2-b475-extra");
        var nothing = await Store.FindAsync("zzzz-qqqq-xxxx");

        Assert.Equal(MatchKind.None, typo.Kind);
        Assert.Equal("01a209b4-775c-73f2-b475", typo.Conversations[0].Id);
        Assert.DoesNotContain(typo.Conversations, c => c.Id.StartsWith("9f", StringComparison.Ordinal));
        Assert.Equal(MatchKind.None, longer.Kind);
        Assert.Equal("01a209b4-775c-73f2-b475", longer.Conversations[0].Id);
        Assert.Equal(MatchKind.None, nothing.Kind);
        Assert.Empty(nothing.Conversations);
    }

    [Fact]
    public async Task Find_accepts_an_id_typed_in_upper_case_and_ignores_surrounding_space()
    {
        Store.SaveSummaries(Only(Summary("01a209b4-775c", T0)));

        Assert.Equal("01a209b4-775c", (await Store.FindAsync("01A209B4")).Found?.Id);
        Assert.Equal(MatchKind.Exact, (await Store.FindAsync(" 01a209b4-775c ")).Kind);
        Assert.Equal(MatchKind.None, (await Store.FindAsync("  ")).Kind);
    }

    private async Task<List<string>> Ids(ConversationQuery query) => [.. (await Store.ListAsync(query)).Conversations.Select(c => c.Id)];

    /// <summary>Every page of a list, each as its ids, following the cursors to the end.</summary>
    private async Task<List<List<string>>> Pages(ConversationQuery query)
    {
        var pages = new List<List<string>>();
        for (ConversationQuery? next = query; next is not null && pages.Count < 100;)
        {
            var page = await Store.ListAsync(next);
            pages.Add([.. page.Conversations.Select(c => c.Id)]);
            next = page.Next is { } cursor ? next with { After = cursor } : null;
        }

        return pages;
    }

    private static List<string> NewestFirst(IEnumerable<ConversationSummary> summaries) =>
        [.. summaries.OrderByDescending(s => s.Started).ThenByDescending(s => s.Id, StringComparer.Ordinal).Select(s => s.Id)];
}
