namespace CodexOtel.Codex;

/// <summary>
/// OpenAI's published standard-tier API prices for the models Codex uses, USD per 1M tokens.
/// Source: the model pages of developers.openai.com/api/docs/models/&lt;model&gt; and developers.openai.com/api/docs/pricing
/// ("Text tokens": input, cached input, output), read 2026-11-23. Prices change: users override or extend them in
/// <c>$XDG_CONFIG_HOME/codex-otel/prices.toml</c> (see <see cref="PriceTable"/>). A model not listed has an unknown cost,
/// never 0 — so no guessed prices for models whose price we could not confirm.
/// </summary>
internal static class BuiltInPrices
{
    public static readonly (string Model, ModelPrice Price)[] All =
    [
        ("gpt-5", new(1.25m, 0.125m, 10.00m)),
        ("gpt-5-mini", new(0.25m, 0.025m, 2.00m)),
        ("gpt-5-nano", new(0.05m, 0.005m, 0.40m)),
        ("gpt-5-codex", new(1.25m, 0.125m, 10.00m)),
        ("gpt-5.1", new(1.25m, 0.125m, 10.00m)),
        ("gpt-5.1-codex", new(1.25m, 0.125m, 10.00m)),
        ("gpt-5.1-codex-mini", new(0.25m, 0.025m, 2.00m)),
        ("gpt-5.1-codex-max", new(1.25m, 0.125m, 10.00m)),
        ("gpt-5.2", new(1.75m, 0.175m, 14.00m)),
        ("gpt-5.2-codex", new(1.75m, 0.175m, 14.00m)),
        ("gpt-5.3-codex", new(1.75m, 0.175m, 14.00m)),
        ("gpt-5.4", new(2.50m, 0.25m, 15.00m)),
        ("gpt-5.4-mini", new(0.75m, 0.075m, 4.50m)),
        ("gpt-5.4-nano", new(0.20m, 0.02m, 1.25m)),
        ("gpt-5.5", new(5.00m, 0.50m, 30.00m)),
        ("o3", new(2.00m, 0.50m, 8.00m)),
        ("o4-mini", new(1.10m, 0.275m, 4.40m)),
        ("gpt-4.1", new(2.00m, 0.50m, 8.00m)),
        ("gpt-4.1-mini", new(0.40m, 0.10m, 1.60m)),
        ("gpt-4.1-nano", new(0.10m, 0.025m, 0.40m)),
        ("gpt-4o", new(2.50m, 1.25m, 10.00m)),
        ("gpt-4o-mini", new(0.15m, 0.075m, 0.60m)),
        ("codex-mini-latest", new(1.50m, 0.375m, 6.00m)),
    ];
}
