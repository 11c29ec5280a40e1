using System.Security.Cryptography;
using System.Text;
using CodexOtel.Receivers.Keys;

namespace CodexOtel.Receivers;

/// <summary>
/// Checks the key a client sends as <c>Authorization: Bearer KEY</c> or <c>x-api-key: KEY</c>, on gRPC and HTTP alike:
/// serve's one <c>api_key</c> (named "api_key"), or a named key of the keys file (<see cref="KeyFile"/>) with the role
/// asked for, not revoked. Comparisons take the same time whatever the key. With neither set, any client is let in.
/// </summary>
/// <param name="apiKey">serve's <c>api_key</c>, if set</param>
/// <param name="namedKeys">the keys file as it is now (read again when it changes); null: none</param>
public sealed class ApiKeyCheck(string? apiKey, Func<IReadOnlyList<ApiKeyRecord>>? namedKeys = null)
{
    /// <summary>The name stamped for requests that sent serve's own <c>api_key</c>.</summary>
    public const string ConfigKeyName = "api_key";

    private readonly byte[]? _expected = IsKey(apiKey) ? Encoding.UTF8.GetBytes(apiKey) : null;

    // Replaced whole (one reference), so requests on many threads never see half of it.
    private HashedKeys? _hashed;

    /// <summary>
    /// Whether senders must present a key: serve has an api_key, or the keys file has ever had an ingest key — revoking
    /// the last one shuts everyone out rather than letting everyone in.
    /// </summary>
    public bool Required => _expected is not null || Named().Any(k => k.Role == KeyRole.Ingest);

    /// <summary>
    /// Whether <paramref name="apiKey"/> is a key at all: an empty or blank one (<c>--api-key ''</c>, <c>api_key = ""</c>)
    /// is no key, since any client could present it.
    /// </summary>
    public static bool IsKey([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? apiKey) => !string.IsNullOrWhiteSpace(apiKey);

    public bool IsAuthorized(string? authorization, string? apiKeyHeader) => TryAuthorize(authorization, apiKeyHeader, KeyRole.Ingest, out _);

    /// <summary>
    /// Whether the key presented may do what <paramref name="role"/> says; <paramref name="keyName"/> is its name (null
    /// when no key is required for sending and none was given).
    /// </summary>
    public bool TryAuthorize(string? authorization, string? apiKeyHeader, KeyRole role, out string? keyName)
    {
        keyName = null;
        var presented = PresentedKey(authorization, apiKeyHeader);
        if (!IsKey(presented))
        {
            return role == KeyRole.Ingest && !Required;
        }

        var bytes = Encoding.UTF8.GetBytes(presented);
        if (role == KeyRole.Ingest && _expected is not null && CryptographicOperations.FixedTimeEquals(bytes, _expected))
        {
            keyName = ConfigKeyName;
            return true;
        }

        var hash = Encoding.ASCII.GetBytes(KeyFile.Hash(presented));
        foreach (var (key, stored) in Hashed())
        {
            if (CryptographicOperations.FixedTimeEquals(hash, stored) && key.Active && key.Role == role)
            {
                keyName = key.Name;
                return true;
            }
        }

        // A client that sends a key where none is needed is let in, unnamed; a wrong key where one is needed is not.
        return role == KeyRole.Ingest && !Required;
    }

    /// <summary>The key a client sends: the token of <c>Authorization: Bearer KEY</c>, else <c>x-api-key</c>.</summary>
    public static string? PresentedKey(string? authorization, string? apiKeyHeader)
    {
        const string Bearer = "Bearer ";
        return authorization is not null && authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            ? authorization[Bearer.Length..].Trim()
            : apiKeyHeader;
    }

    private IReadOnlyList<ApiKeyRecord> Named() => namedKeys?.Invoke() ?? [];

    // The stored hashes as bytes, made once per reading of the keys file rather than on every request.
    private (ApiKeyRecord Key, byte[] Hash)[] Hashed()
    {
        var named = Named();
        var hashed = _hashed;
        if (hashed is null || !ReferenceEquals(hashed.Source, named))
        {
            hashed = new HashedKeys(named, [.. named.Select(k => (k, Encoding.ASCII.GetBytes(k.Sha256)))]);
            _hashed = hashed;
        }

        return hashed.Keys;
    }

    private sealed record HashedKeys(IReadOnlyList<ApiKeyRecord> Source, (ApiKeyRecord Key, byte[] Hash)[] Keys);
}
