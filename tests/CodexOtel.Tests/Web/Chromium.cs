using Microsoft.Playwright;

namespace CodexOtel.Tests.Web;

/// <summary>
/// One headless Debian chromium (/usr/bin/chromium, which .ci/run installs) for a test class, driven by Playwright;
/// Playwright never downloads a browser here. Each test opens its own context (cookies, storage) and page.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("chromium has not started");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: apt-get install chromium");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh page in a fresh context, laptop-sized, that fails the test on a script error or a CSP violation.</summary>
    public async Task<BrowserPage> OpenAsync(Uri? baseUrl = null, ColorScheme scheme = ColorScheme.Light, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl?.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1440, Height = 900 },
            ColorScheme = scheme,
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add($"script error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console error: {message.Text}");
            }
        };
        return new BrowserPage(context, page, problems);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>A page and what went wrong in it (script errors, console errors such as CSP violations).</summary>
public sealed record BrowserPage(IBrowserContext Context, IPage Page, List<string> Problems) : IAsyncDisposable
{
    /// <summary>Saves a screenshot under the test output (TestResults/screenshots) and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = false)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    public void AssertNoProblems() => Assert.True(Problems.Count == 0, string.Join("\n", Problems));

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
