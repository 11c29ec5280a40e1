using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CodexOtel.Tests.Cli;
using CodexOtel.Tests.E2E.Support;
using Microsoft.Playwright;

namespace CodexOtel.Tests.Web;

/// <summary>
/// A dashboard on a non-loopback address (0.0.0.0, reached here through 127.0.0.1): it starts without --api-key,
/// prints a login URL with a token, and serves only a browser that logged in with it (or with a read token of the keys
/// file) or a client sending one as a bearer; a sender's ingest key does not open it.
/// </summary>
public sealed partial class DashboardLoginTests : IAsyncLifetime
{
    private readonly Chromium _chromium = new();
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
    private InProcessRecorder? _recorder;

    private InProcessRecorder Recorder => _recorder!;

    /// <summary>The login URL of the banner, with its host replaced by 127.0.0.1.</summary>
    private Uri LoginUrl { get; set; } = null!;

    private string Token => LoginUrl.Query[(LoginUrl.Query.IndexOf("token=", StringComparison.Ordinal) + 6)..];

    private Uri Ui => new($"http://127.0.0.1:{LoginUrl.Port}/");

    public async Task InitializeAsync()
    {
        _recorder = await InProcessRecorder.StartAsync(uiAddress: "0.0.0.0:0");
        var line = Assert.Single(Recorder.BannerLines, l => l.StartsWith("Dashboard", StringComparison.Ordinal));
        var login = new Uri(UrlPattern().Match(line).Value);
        LoginUrl = new UriBuilder(login) { Host = "127.0.0.1" }.Uri;
        await DashboardSeed.SendAsync(_http, Recorder.HttpEndpoint, DashboardFixture.Id(1), "behind a token");
        await _chromium.InitializeAsync();
    }

    [Fact]
    public async Task Its_API_refuses_a_request_without_the_token_or_with_a_wrong_one_and_answers_the_bearer_token()
    {
        var api = new Uri(Ui, "api/conversations");
        using (var none = await _http.GetAsync(api))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        }

        foreach (var (token, expected) in new[] { ("wrong", HttpStatusCode.Unauthorized), (Token[..^1], HttpStatusCode.Unauthorized), (Token, HttpStatusCode.OK) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, api);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }

        using var wrongLogin = await _http.GetAsync(new Uri(Ui, "?token=wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongLogin.StatusCode);
        Assert.False(wrongLogin.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_login_url_trades_its_token_for_an_HttpOnly_SameSite_cookie_and_leaves_the_address_bar()
    {
        await using var browser = await _chromium.OpenAsync();
        var page = browser.Page;

        await page.GotoAsync(new Uri(LoginUrl, "conversations?model=gpt-5.5&token=" + Token).ToString());

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(Ui, "conversations?model=gpt-5.5").ToString());
        await Assertions.Expect(page.Locator("table.conversations tbody tr")).ToHaveCountAsync(1);
        var cookie = Assert.Single(await browser.Context.CookiesAsync());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        browser.AssertNoProblems();

        await using var stranger = await _chromium.OpenAsync();
        var refused = await stranger.Page.GotoAsync(new Uri(Ui, "conversations").ToString());
        Assert.Equal(401, refused!.Status);
    }

    [Fact]
    public async Task A_read_token_opens_the_API_and_the_login_url_an_ingest_key_does_not_and_a_revoked_one_stops_without_a_restart()
    {
        var reader = await AddKeyAsync("auditor", "--read");
        var sender = await AddKeyAsync("laptop");
        var api = new Uri(Ui, "api/conversations");

        // serve looks at the keys file's time at most once a second: the new key opens the API within that.
        Assert.Equal(HttpStatusCode.OK, await StatusOnceSettledAsync(api, reader, HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(api, sender));
        using (var login = await _http.GetAsync(new Uri(Ui, "conversations?token=" + reader)))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
            using var request = new HttpRequestMessage(HttpMethod.Get, api);
            request.Headers.Add("Cookie", cookie.Split(';')[0]);
            using var withCookie = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
        }

        using (var refused = await _http.GetAsync(new Uri(Ui, "?token=" + sender)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var revoked = await CliRunner.RunAsync("keys", "revoke", "auditor", "--data", Recorder.DataDir);
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOnceSettledAsync(api, reader, HttpStatusCode.OK));
    }

    /// <summary>The status of a request with the bearer, asked again for up to 5 s while it is still <paramref name="before"/>.</summary>
    private async Task<HttpStatusCode> StatusOnceSettledAsync(Uri url, string bearer, HttpStatusCode before)
    {
        var status = await GetAsync(url, bearer);
        for (var i = 0; i < 50 && status == before; i++)
        {
            await Task.Delay(100);
            status = await GetAsync(url, bearer);
        }

        return status;
    }

    private async Task<HttpStatusCode> GetAsync(Uri url, string bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<string> AddKeyAsync(string name, params string[] flags)
    {
        var added = await CliRunner.RunAsync(["keys", "add", name, "--data", Recorder.DataDir, .. flags]);
        Assert.True(added.ExitCode == 0, added.ToString());
        return added.Stdout.Trim();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        _http.Dispose();
        if (_recorder is not null)
        {
            await _recorder.DisposeAsync();
        }
    }

    [GeneratedRegex(@"http://\S+")]
    private static partial Regex UrlPattern();
}
