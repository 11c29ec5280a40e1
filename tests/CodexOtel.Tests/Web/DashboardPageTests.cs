using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CodexOtel.Tests.Web;

/// <summary>The dashboard's pages in headless chromium, over conversations of the recorded Codex tool turn.</summary>
public sealed class DashboardPageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Every_page_renders_its_data_without_a_script_error_or_a_CSP_violation()
    {
        await using var browser = await fixture.Chromium.OpenAsync(fixture.Ui);
        var page = browser.Page;

        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("table.conversations tbody tr")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator(".stat-value").First).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator(".chart .uplot")).ToHaveCountAsync(2);
        await browser.ScreenshotAsync("home-seeded");

        await page.GotoAsync("/conversations");
        await Assertions.Expect(page.Locator("table.conversations tbody tr")).ToHaveCountAsync(50);

        await page.GotoAsync($"/conversations/{DashboardFixture.Id(3)}");
        await Assertions.Expect(page.Locator("section.turn")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".kind-tool_result")).Not.ToHaveCountAsync(0);

        await page.GotoAsync("/tools");
        await page.GetByRole(AriaRole.Link, new() { Name = "exec_command" }).ClickAsync();
        await Assertions.Expect(page.Locator(".call")).ToHaveCountAsync(DashboardFixture.Count > 50 ? 50 : DashboardFixture.Count);

        await page.GotoAsync("/live");
        await Assertions.Expect(page.Locator(".live-item").First).ToBeVisibleAsync();

        await page.GotoAsync($"/search?q={DashboardFixture.SearchWord}");
        await Assertions.Expect(page.Locator(".hit")).ToHaveCountAsync(1);

        await page.GotoAsync("/health");
        await Assertions.Expect(page.Locator(".checks li").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table").First).ToContainTextAsync("logs");

        browser.AssertNoProblems();
    }

    [Fact]
    public async Task Each_page_marks_when_it_shows_its_data_for_the_browser_benchmark()
    {
        await using var browser = await fixture.Chromium.OpenAsync(fixture.Ui);
        var page = browser.Page;
        string[] paths = ["/", "/conversations?sort=cost", $"/conversations/{DashboardFixture.Id(3)}", "/tools", "/tools/exec_command", "/live", $"/search?q={DashboardFixture.SearchWord}", "/search", "/health"];
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("main[data-ready]")).ToHaveCountAsync(1);
            var marks = await page.EvaluateAsync<double[]>("performance.getEntriesByName('dashboard:ready').map(m => m.startTime)");
            Assert.True(marks.Length == 1 && marks[0] > 0, $"{path}: {marks.Length} ready marks");
        }

        // A page shown without a reload is marked anew.
        await page.GetByRole(AriaRole.Link, new() { Name = "Conversations", Exact = true }).First.ClickAsync();
        await Assertions.Expect(page.Locator("table.conversations tbody tr")).ToHaveCountAsync(50);
        await Assertions.Expect(page.Locator("main[data-ready]")).ToHaveCountAsync(1);
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task Live_reloads_run_at_the_first_notice_then_once_more_after_a_burst_and_never_two_at_once()
    {
        await using var browser = await fixture.Chromium.OpenAsync(fixture.Ui);
        await browser.Page.GotoAsync("/health");

        // What onIndexed does with the feed's notices (Home, Conversations, Conversation and Tools reload through it).
        var calls = await browser.Page.EvaluateAsync<int[]>("""
            async () => {
              const { throttled } = await import('/assets/feed.js');
              let calls = 0;
              const call = throttled(() => calls++, 200);
              call();
              const first = calls;
              call(); call();
              const held = calls;
              await new Promise(resolve => setTimeout(resolve, 700));
              const after = calls;

              // A load that takes longer than the wait: the held call waits for it to end.
              let loads = 0;
              const load = throttled(() => { loads++; return new Promise(resolve => setTimeout(resolve, 400)); }, 100);
              load();
              await new Promise(resolve => setTimeout(resolve, 50));
              load();
              await new Promise(resolve => setTimeout(resolve, 250));
              const during = loads;
              await new Promise(resolve => setTimeout(resolve, 500));
              return [first, held, after, during, loads];
            }
            """);

        Assert.Equal([1, 1, 2, 1, 2], calls);
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task Clicking_a_conversation_opens_its_timeline_with_the_tool_call_and_its_output()
    {
        await using var browser = await fixture.Chromium.OpenAsync(fixture.Ui);
        var page = browser.Page;
        await page.GotoAsync("/conversations");

        await page.Locator($"tr[data-id='{DashboardFixture.Id(10)}'] a.mono").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(fixture.Ui, $"conversations/{DashboardFixture.Id(10)}").ToString());
        var tool = page.Locator(".kind-tool_result").First;
        await Assertions.Expect(tool).ToContainTextAsync("exec_command");
        await Assertions.Expect(tool.Locator("details.output pre")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator(".kind-tool_decision").First).ToContainTextAsync("approved");
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task The_conversations_page_pages_on_the_server_and_keeps_its_filters_in_the_url()
    {
        await using var browser = await fixture.Chromium.OpenAsync(fixture.Ui);
        var page = browser.Page;
        await page.GotoAsync("/conversations");
        var rows = page.Locator("table.conversations tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(50);

        await page.GetByRole(AriaRole.Link, new() { Name = "Next page »" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(DashboardFixture.Count - 50);
        Assert.Contains("after=", page.Url, StringComparison.Ordinal);

        await page.GoBackAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(50);

        await page.GetByLabel("Model").FillAsync("gpt-5-mini");
        await page.GetByLabel("Model").PressAsync("Enter");
        await Assertions.Expect(rows).ToHaveCountAsync(DashboardFixture.MiniCount);
        Assert.Contains("model=gpt-5-mini", page.Url, StringComparison.Ordinal);

        await page.ReloadAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(DashboardFixture.MiniCount);
        await Assertions.Expect(page.GetByLabel("Model")).ToHaveValueAsync("gpt-5-mini");

        await page.GetByRole(AriaRole.Link, new() { Name = "started" }).ClickAsync();
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-id", DashboardFixture.Id(0));
        Assert.Contains("order=asc", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("Errors").SelectOptionAsync("true");
        await Assertions.Expect(page.Locator(".empty")).ToBeVisibleAsync();
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task Search_marks_the_words_in_each_snippet_and_links_to_the_turn()
    {
        await using var browser = await fixture.Chromium.OpenAsync(fixture.Ui);
        var page = browser.Page;
        await page.GotoAsync("/search");

        await page.GetByRole(AriaRole.Searchbox).FillAsync(DashboardFixture.SearchWord);
        await page.GetByRole(AriaRole.Searchbox).PressAsync("Enter");

        await Assertions.Expect(page.Locator(".hit mark")).ToHaveTextAsync(DashboardFixture.SearchWord);
        await page.Locator(".hit a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/conversations/{fixture.SearchId}#turn-1$"));
        await Assertions.Expect(page.Locator("#turn-1")).ToContainTextAsync(DashboardFixture.SearchWord);
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task A_prompt_holding_script_and_img_onerror_is_shown_as_text_and_runs_nothing()
    {
        await using var browser = await fixture.Chromium.OpenAsync(fixture.Ui);
        var page = browser.Page;

        foreach (var url in new[] { "/", $"/conversations/{fixture.XssId}", "/search?q=onerror", "/live" })
        {
            await page.GotoAsync(url);
            await Assertions.Expect(page.GetByText("<script>window.__xss = 1</script>", new() { Exact = false }).First).ToBeVisibleAsync();
            Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
            Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.__xss"));
        }

        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("onerror=\"window.__xss = 2\"");
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task Export_downloads_the_conversation_as_jsonl_csv_and_markdown()
    {
        await using var browser = await fixture.Chromium.OpenAsync(fixture.Ui);
        var page = browser.Page;
        var id = DashboardFixture.Id(12);
        await page.GotoAsync($"/conversations/{id}");

        foreach (var (label, extension, expected) in new[] { ("JSONL (raw)", "jsonl", "resourceLogs"), ("CSV", "csv", "time,turn,kind"), ("Markdown", "md", $"# Codex conversation {id}") })
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = label }).ClickAsync());
            Assert.Equal($"codex-{id}.{extension}", download.SuggestedFilename);
            var path = await download.PathAsync();
            Assert.Contains(expected, await File.ReadAllTextAsync(path!), StringComparison.Ordinal);
        }

        browser.AssertNoProblems();
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task On_a_laptop_screen_the_top_bar_lines_up_with_the_page_and_no_page_scrolls_sideways(ColorScheme scheme)
    {
        await using var browser = await fixture.Chromium.OpenAsync(fixture.Ui, scheme, new ViewportSize { Width = 1366, Height = 768 });
        var page = browser.Page;
        var pages = new (string Name, string Url, string Ready)[]
        {
            ("home", "/", "table.conversations tbody tr"),
            ("conversations", "/conversations", "table.conversations tbody tr"),
            ("conversation", $"/conversations/{DashboardFixture.Id(3)}", "section.turn"),
            ("tools", "/tools", "table tbody tr"),
            ("live", "/live", ".live-item"),
            ("search", $"/search?q={DashboardFixture.SearchWord}", ".hit"),
            ("health", "/health", ".checks li"),
        };

        foreach (var (name, url, ready) in pages)
        {
            await page.GotoAsync(url);
            await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync();
            await browser.ScreenshotAsync($"laptop-{scheme.ToString().ToLowerInvariant()}-{name}");

            var layout = await page.EvaluateAsync<double[]>("""
                () => [document.documentElement.scrollWidth - document.documentElement.clientWidth,
                       document.querySelector('.brand').getBoundingClientRect().left,
                       document.querySelector('main > *').getBoundingClientRect().left,
                       document.querySelector('#feed-state').getBoundingClientRect().right,
                       document.querySelector('main > *').getBoundingClientRect().right]
                """);
            Assert.True(layout[0] <= 0, $"{name} scrolls sideways by {layout[0]} px");
            Assert.True(Math.Abs(layout[1] - layout[2]) <= 1, $"{name}: the logo starts at {layout[1]} px, the page at {layout[2]} px");
            Assert.True(Math.Abs(layout[3] - layout[4]) <= 1, $"{name}: the live state ends at {layout[3]} px, the page at {layout[4]} px");
        }

        browser.AssertNoProblems();
    }
}
