using System.Text.RegularExpressions;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Processors.Redaction;

/// <summary>
/// redaction-corpus.txt made concrete: each block of tool output with its <c>{{rule}}</c> placeholders filled with
/// fake secrets (<see cref="Block.Text"/>), what redaction must make of it (<see cref="Block.Expected"/>), and the secrets in it.
/// </summary>
internal sealed partial record RedactionCorpus(IReadOnlyList<RedactionCorpus.Block> Blocks)
{
    public static string Path => RepoRoot.Combine("tests", "CodexOtel.Tests", "Processors", "Redaction", "redaction-corpus.txt");

    public static RedactionCorpus Load(int seed = 17)
    {
        var secrets = new FakeSecrets(seed);
        var blocks = File.ReadAllText(Path).Split("\n=====\n").Select(template =>
        {
            var found = new List<(string Rule, string Secret)>();
            var text = Placeholder().Replace(template, m =>
            {
                var secret = secrets.For(m.Groups[1].Value);
                found.Add((m.Groups[1].Value, secret));
                return secret;
            });
            return new Block(text, Placeholder().Replace(template, m => $"[REDACTED:{m.Groups[1].Value}]"), found);
        });
        return new RedactionCorpus([.. blocks]);
    }

    public IEnumerable<(string Rule, string Secret)> Secrets => Blocks.SelectMany(b => b.Secrets);

    [GeneratedRegex(@"\{\{([a-z_]+)\}\}")]
    private static partial Regex Placeholder();

    public sealed record Block(string Text, string Expected, IReadOnlyList<(string Rule, string Secret)> Secrets);
}
