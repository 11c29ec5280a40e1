using System.Security.Cryptography;
using System.Text;

namespace CodexOtel.Receivers;

/// <summary>Checks the API key a client sends as <c>Authorization: Bearer KEY</c> or <c>x-api-key: KEY</c>.</summary>
public sealed class ApiKeyCheck(string? apiKey)
{
    private readonly byte[]? _expected = IsKey(apiKey) ? Encoding.UTF8.GetBytes(apiKey) : null;

    public bool Required => _expected is not null;

    /// <summary>
    /// Whether <paramref name="apiKey"/> is a key at all: an empty or blank one (<c>--api-key ''</c>, <c>api_key = ""</c>)
    /// is no key, since any client could present it.
    /// </summary>
    public static bool IsKey([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? apiKey) => !string.IsNullOrWhiteSpace(apiKey);

    public bool IsAuthorized(string? authorization, string? apiKeyHeader)
    {
        if (_expected is null)
        {
            return true;
        }

        var presented = PresentedKey(authorization, apiKeyHeader);
        return IsKey(presented)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _expected);
    }

    /// <summary>The key a client sends: the token of <c>Authorization: Bearer KEY</c>, else <c>x-api-key</c>.</summary>
    public static string? PresentedKey(string? authorization, string? apiKeyHeader)
    {
        const string Bearer = "Bearer ";
        return authorization is not null && authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            ? authorization[Bearer.Length..].Trim()
            : apiKeyHeader;
    }
}
