namespace CodexOtel.Codex;

/// <summary>USD per 1M tokens: fresh input, cached input (prompt-cache hits), output (reasoning included).</summary>
public readonly record struct ModelPrice(decimal Input, decimal CachedInput, decimal Output)
{
    private const decimal PerMillion = 1_000_000m;

    /// <summary>Cached input at the cached price, the rest of the input at the input price, output (with reasoning) at the output price.</summary>
    public decimal Cost(TokenUsage usage)
    {
        var cached = Math.Clamp(usage.CachedInput, 0, Math.Max(usage.Input, 0));
        var fresh = Math.Max(usage.Input, 0) - cached;
        return ((fresh * Input) + (cached * CachedInput) + (Math.Max(usage.Output, 0) * Output)) / PerMillion;
    }
}
