using System.Net;
using System.Security.Cryptography;
using System.Text;
using CodexOtel.Receivers;
using CodexOtel.Receivers.Keys;
using CodexOtel.Serve;

namespace CodexOtel.Web;

/// <summary>
/// Who may use the dashboard. On loopback: anyone on this machine, as long as the request names this machine as its
/// host (a web page elsewhere cannot reach it through DNS rebinding). Beyond loopback: whoever holds the token serve
/// printed in its login URL (as Jupyter and the Aspire dashboard do), or a read token of the keys file (<c>codex-otel
/// keys add NAME --read</c>); an ingest key, which a sender holds, does not open it. The URL's token is exchanged for an
/// HttpOnly, SameSite=Strict cookie and removed from the address bar by a redirect; the API also takes it as a bearer
/// token. The cookie holds the token itself, so a read token revoked in the keys file stops its cookie too, without a
/// restart. Tokens are compared in constant time.
/// </summary>
internal sealed class DashboardAuth
{
    public const string CookieName = "codex_otel_ui";

    public const string TokenParameter = "token";

    private readonly byte[]? _token;

    private DashboardAuth(string? token)
    {
        Token = token;
        _token = token is null ? null : Encoding.ASCII.GetBytes(token);
    }

    /// <summary>The login token; null when none is needed (loopback).</summary>
    public string? Token { get; }

    public static DashboardAuth For(ListenAddress address) =>
        new(address.IsLoopback ? null : Base64Url(RandomNumberGenerator.GetBytes(32)));

    /// <summary>The URL the banner prints; a wildcard address is named by this machine's host name.</summary>
    public static string LoginUrl(Uri address, string token)
    {
        // A wildcard address is no place to browse to: the machine's name is.
        var host = address.Host is "0.0.0.0" or "[::]" ? Dns.GetHostName() : address.Host;
        return $"{address.Scheme}://{host}:{address.Port}/?{TokenParameter}={token}";
    }

    public Task AdmitAsync(HttpContext context, Func<Task> next, bool loopback, ApiKeyCheck keys)
    {
        if (loopback)
        {
            return IsLocalHost(context.Request.Host.Host) ? next() : RefuseAsync(context, StatusCodes.Status421MisdirectedRequest, "this dashboard answers only to localhost, 127.0.0.1 or [::1]");
        }

        if (context.Request.Query.TryGetValue(TokenParameter, out var given))
        {
            var secret = given.ToString();
            if (!Admits(secret, keys))
            {
                return RefuseAsync(context, StatusCodes.Status401Unauthorized, "the token in this URL is neither the one serve printed nor a read token; open the login URL from its banner");
            }

            context.Response.Cookies.Append(CookieName, secret, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                IsEssential = true,
            });
            context.Response.Redirect(WithoutToken(context.Request));
            return Task.CompletedTask;
        }

        if (Admits(context.Request.Cookies[CookieName], keys) || Admits(Bearer(context.Request), keys))
        {
            return next();
        }

        return RefuseAsync(context, StatusCodes.Status401Unauthorized, "this dashboard needs the login URL codex-otel serve printed (…/?token=…), or Authorization: Bearer <token> with that token or a read token (codex-otel keys add NAME --read)");
    }

    /// <summary>The one-time token of the banner, or a read token of the keys file as it is now; never an ingest key.</summary>
    private bool Admits(string? secret, ApiKeyCheck keys) =>
        Matches(secret) || (ApiKeyCheck.IsKey(secret) && keys.TryAuthorize(null, secret, KeyRole.Read, out _));

    /// <summary>Constant time over the token's length: how much of a guess was right does not show in the time taken.</summary>
    private bool Matches(string? candidate) =>
        candidate is not null && _token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);

    private static string? Bearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static string WithoutToken(HttpRequest request)
    {
        var rest = request.Query.Where(q => q.Key != TokenParameter).SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"));
        var query = string.Join('&', rest);
        var path = request.PathBase + request.Path;
        return (path.HasValue ? path.Value! : "/") + (query.Length > 0 ? "?" + query : "");
    }

    private static bool IsLocalHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static Task RefuseAsync(HttpContext context, int status, string message)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            return ApiResults.WriteErrorAsync(context, status, message);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($"codex-otel dashboard: {message}\n");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
