using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Web;
using Microsoft.Playwright;

namespace CodexOtel.Tests.E2E;

/// <summary>
/// The dashboard open in chromium while the real Codex 0.169 works: its conversation appears on the home page without
/// a reload, its timeline shows the command the model asked for with its output, and its turn's trace waterfall the
/// spans Codex exported. The screenshots of the README
/// come from here (set CODEX_OTEL_SCREENSHOTS=docs/screenshots to refresh them).
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class DashboardCodexTests : IClassFixture<Chromium>
{
    private readonly Chromium _chromium;

    public DashboardCodexTests(Chromium chromium) => _chromium = chromium;

    [Fact]
    public async Task A_conversation_Codex_records_while_the_home_page_is_open_appears_and_opens_on_its_tool_call_output_and_trace_waterfall()
    {
        await using var recorder = await InProcessRecorder.StartAsync(uiAddress: "127.0.0.1:0");
        await using var model = await MockResponsesServer.StartAsync(
            new MockTurn.ExecCommand("echo hello from the dashboard test", CallId: "call_ui_1"),
            new MockTurn.Text("The command printed: hello from the dashboard test"));
        using var codex = new CodexRunner();
        await using var browser = await _chromium.OpenAsync(recorder.UiEndpoint);
        var page = browser.Page;
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".empty").First).ToBeVisibleAsync();

        var run = await codex.ExecAsync("Run echo hello from the dashboard test and tell me what it printed", model.BaseUrl, new CodexTelemetry
        {
            OtlpBaseUrl = recorder.HttpEndpoint,
            Protocol = "binary",
        });
        Assert.True(run.ExitCode == 0, run.ToString());

        var row = page.Locator("table.conversations tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Assertions.Expect(row).ToContainTextAsync("Run echo hello from the dashboard test");
        await Assertions.Expect(page.Locator(".stat-value").First).ToHaveTextAsync("1");
        await SaveAsync(browser, "home");

        await row.Locator("a.mono").ClickAsync();
        var tool = page.Locator(".kind-tool_result");
        await Assertions.Expect(tool).ToContainTextAsync("echo hello from the dashboard test");
        await Assertions.Expect(tool.Locator("details.output pre")).ToContainTextAsync("hello from the dashboard test");
        await Assertions.Expect(page.Locator(".kind-tool_decision")).ToContainTextAsync("approved");
        await SaveAsync(browser, "conversation");

        // The turn's trace, from the spans Codex exported: run_turn holds its sampling requests; a click shows its attributes.
        var trace = page.Locator("#turn-1 details.trace");
        await trace.Locator("summary").ClickAsync();
        var runTurn = trace.Locator("li.span:has(> .span-row button.span-name:text-is('run_turn'))").First;
        await Assertions.Expect(runTurn).ToBeVisibleAsync();
        await Assertions.Expect(runTurn.Locator("> ul.spans > li.span > .span-row button.span-name:text-is('run_sampling_request')").First).ToBeVisibleAsync();
        await runTurn.Locator("> .span-row button.span-name").ClickAsync();
        await Assertions.Expect(runTurn.Locator("> .span-attrs table.attrs")).ToContainTextAsync("conversation.id");
        await trace.ScrollIntoViewIfNeededAsync();
        await browser.ScreenshotAsync("waterfall");
        browser.AssertNoProblems();
    }

    private static async Task SaveAsync(BrowserPage browser, string name)
    {
        var path = await browser.ScreenshotAsync(name);
        if (Environment.GetEnvironmentVariable("CODEX_OTEL_SCREENSHOTS") is { Length: > 0 } folder)
        {
            var target = Path.IsPathRooted(folder) ? folder : RepoRoot.Combine(folder);
            Directory.CreateDirectory(target);
            File.Copy(path, Path.Combine(target, name + ".png"), overwrite: true);
        }
    }
}
