using CodexOtel.Codex;

namespace CodexOtel.Query;

/// <summary>Token counts as queries answer them: input includes cached input, output includes reasoning.</summary>
public readonly record struct TokensView(long Input, long CachedInput, long Output, long Reasoning)
{
    public static TokensView Of(TokenUsage tokens) => new(tokens.Input, tokens.CachedInput, tokens.Output, tokens.Reasoning);
}
