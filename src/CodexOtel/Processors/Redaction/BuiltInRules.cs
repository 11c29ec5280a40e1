using System.Text.RegularExpressions;

namespace CodexOtel.Processors.Redaction;

/// <summary>
/// The secrets redacted without configuration, most specific first: a token that a generic rule would also take (an
/// OpenAI key in <c>OPENAI_API_KEY=sk-…</c>) is named by its own rule, and later rules skip what is already redacted.
/// Each pattern has a literal that any match contains, so that <see cref="RedactionTriggers"/> can tell cheaply that
/// a text holds none.
/// </summary>
public static partial class BuiltInRules
{
    public static IReadOnlyList<RedactionRule> All { get; } =
    [
        new("pem_private_key", PemPrivateKey()),
        new("jwt", Jwt()),
        new("openai_api_key", OpenAiKey()),
        new("github_token", GitHubToken()),
        new("aws_access_key_id", AwsAccessKeyId()),
        new("aws_secret_access_key", AwsSecretAccessKey()),
        new("slack_token", SlackToken()),
        new("google_api_key", GoogleApiKey()),
        new("url_credentials", UrlCredentials()),
        new("bearer_token", BearerToken(), SecretAssignment.AcceptsBearer),
        new("secret_assignment", SecretAssignment.Pattern(), SecretAssignment.Accepts),
    ];

    // Up to the END line; a key cut off before it (a truncated output) is redacted to the end of the text.
    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[\s\S]*)", RegexOptions.CultureInvariant)]
    private static partial Regex PemPrivateKey();

    // header.payload.signature, the header a JSON object ({" is eyJ in base64url) of at most 1 KiB.
    [GeneratedRegex(@"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,1024}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();

    // sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…: long and random (digits, lower and upper case), unlike a kebab-case name.
    [GeneratedRegex(@"(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*[A-Z])[A-Za-z0-9_-]{32,}", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKeyId();

    // 40 characters of base64 after an AWS secret key's name (aws_secret_access_key = …, AWS_SECRET_ACCESS_KEY=…, "SecretAccessKey": "…").
    [GeneratedRegex(@"(?i:aws_?secret_?(?:access_?)?key|secret_?access_?key)[""'\\]{0,2}[ \t]{0,4}[:=][ \t]{0,4}\\?[""']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsSecretAccessKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleApiKey();

    // scheme://user:password@host: the password only (redis://:password@host has no user); each up to 256 characters.
    [GeneratedRegex(@"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\s:/?#@""'<>\[\]]{0,256}:(?!\[REDACTED:)(?<secret>[^\s/?#@""'<>]{1,256})@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?i:bearer)[ \t]+(?!\[REDACTED:)(?<secret>[A-Za-z0-9._~+/-]{16,}=*)", RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();
}
