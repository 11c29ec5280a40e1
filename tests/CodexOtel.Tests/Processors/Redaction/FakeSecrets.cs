using System.Text;

namespace CodexOtel.Tests.Processors.Redaction;

/// <summary>
/// Realistic-looking, made-up secrets of each kind the built-in rules know, from a fixed seed: the same run after
/// run, and never a real credential.
/// </summary>
internal sealed class FakeSecrets(int seed)
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";
    private const string Alnum = Upper + Lower + Digits;
    private const string Base64Url = Alnum + "-_";

    private readonly Random _random = new(seed);

    /// <summary>A secret the rule of this name catches.</summary>
    public string For(string rule) => rule switch
    {
        "openai_api_key" => _random.Next(2) == 0
            ? $"sk-proj-{Of(Base64Url, 74)}T3BlbkFJ{Of(Base64Url, 74)}"
            : $"sk-{Of(Alnum, 20)}T3BlbkFJ{Of(Alnum, 20)}",
        "github_token" => _random.Next(2) == 0 ? $"ghp_{Of(Alnum, 36)}" : $"github_pat_11{Of(Upper + Digits, 20)}_{Of(Alnum, 59)}",
        "aws_access_key_id" => $"AKIA{Of(Upper + "234567", 16)}",
        "aws_secret_access_key" => Of(Alnum + "/+", 40),
        "slack_token" => $"xoxb-{Of(Digits, 12)}-{Of(Digits, 13)}-{Of(Alnum, 24)}",
        "google_api_key" => $"AIza{Of(Base64Url, 35)}",
        "jwt" => Jwt(),
        "pem_private_key" => Pem(),
        "url_credentials" => Of(Alnum, 12) + _random.Next(10),
        "bearer_token" => Of(Lower + Digits, 8) + _random.Next(10) + Of(Alnum, 31),
        "secret_assignment" => Of(Alnum, 6) + _random.Next(10) + Of("!#%^*+-_", 1) + Of(Alnum, 8),
        _ => throw new ArgumentException($"no fake secret for {rule}", nameof(rule)),
    };

    private string Jwt()
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = Part("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + Of(Alnum, 8) + "\"}");
        var payload = Part("{\"sub\":\"" + Of(Digits, 10) + "\",\"iss\":\"https://auth.example.com\",\"exp\":" + Of(Digits, 10) + "}");
        return $"{header}.{payload}.{Of(Base64Url, 86)}";
    }

    private string Pem()
    {
        var body = string.Join('\n', Enumerable.Range(0, 6).Select(_ => Of(Alnum + "+/", 64)));
        return $"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----";
    }

    private string Of(string alphabet, int length) => string.Create(length, (alphabet, _random), static (span, state) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = state.alphabet[state._random.Next(state.alphabet.Length)];
        }
    });
}
