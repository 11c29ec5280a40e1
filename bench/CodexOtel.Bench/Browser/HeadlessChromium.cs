using Microsoft.Playwright;

namespace CodexOtel.Bench.Browser;

/// <summary>
/// Debian's chromium, headless, driven by Playwright (the tests' settings; Playwright never downloads a browser here).
/// Each page gets a context of its own: its own HTTP cache and connections, as another tab of another profile.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<HeadlessChromium> LaunchAsync(string executable)
    {
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"{executable} is missing: apt-get install chromium");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>A laptop-sized page on the dashboard, in a fresh context.</summary>
    public async Task<IPage> OpenAsync(Uri dashboard)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = dashboard.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
