using CodexOtel.Codex;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Codex;

public sealed class PriceTableTests
{
    [Fact]
    public void Cached_input_is_charged_at_the_cached_price_and_the_rest_of_the_input_at_the_input_price()
    {
        // gpt-5: $1.25 input, $0.125 cached input, $10 output per 1M tokens.
        var cost = PriceTable.BuiltIn.Cost("gpt-5", new TokenUsage(Input: 1_000_000, CachedInput: 400_000, Output: 0, Reasoning: 0));

        Assert.Equal((600_000 * 1.25m / 1_000_000) + (400_000 * 0.125m / 1_000_000), cost);
        Assert.Equal(0.80m, cost);
    }

    [Fact]
    public void Reasoning_is_part_of_the_output_and_not_charged_twice()
    {
        var withReasoning = PriceTable.BuiltIn.Cost("gpt-5", new TokenUsage(0, 0, Output: 1_000_000, Reasoning: 900_000));

        Assert.Equal(10.00m, withReasoning);
    }

    [Fact]
    public void An_unknown_or_missing_model_has_an_unknown_cost_never_zero()
    {
        var usage = new TokenUsage(1000, 0, 100, 0);

        Assert.Null(PriceTable.BuiltIn.Cost("my-local-llama", usage));
        Assert.Null(PriceTable.BuiltIn.Cost(null, usage));
        Assert.Null(PriceTable.BuiltIn.Cost("", TokenUsage.Zero));
    }

    [Theory]
    [InlineData("gpt-5-2025-08-07", "gpt-5")]
    [InlineData("GPT-5-Codex", "gpt-5-codex")]
    [InlineData("openai/gpt-4.1-mini-2025-04-14", "gpt-4.1-mini")]
    [InlineData("o4-mini-2025-04-16", "o4-mini")]
    public void A_model_name_with_a_date_suffix_or_provider_prefix_is_priced_as_its_base(string name, string baseModel)
    {
        Assert.Equal(PriceTable.BuiltIn.Find(baseModel), PriceTable.BuiltIn.Find(name));
        Assert.NotNull(PriceTable.BuiltIn.Find(name));
    }

    [Fact]
    public void A_name_that_only_starts_like_a_known_model_is_not_priced_as_it()
    {
        Assert.Null(PriceTable.BuiltIn.Find("gpt-5.5-pro"));
        Assert.Null(PriceTable.BuiltIn.Find("gpt-5-2025"));
    }

    [Fact]
    public void The_models_codex_uses_are_priced()
    {
        string[] models =
        [
            "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-5-codex", "gpt-5.1", "gpt-5.1-codex", "gpt-5.1-codex-mini", "gpt-5.1-codex-max",
            "gpt-5.2", "gpt-5.2-codex", "o3", "o4-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o", "gpt-4o-mini", "codex-mini-latest",
        ];

        Assert.All(models, m => Assert.True(PriceTable.BuiltIn.Find(m) is { Input: > 0, Output: > 0 } p && p.CachedInput <= p.Input, m));
    }

    [Fact]
    public void The_users_price_file_overrides_and_adds_models_and_cached_input_defaults_to_the_input_price()
    {
        using var dir = new TempDirectory("prices");
        var path = Path.Combine(dir.Path, "prices.toml");
        File.WriteAllText(path, """
            [models."gpt-5"]
            input = 2
            cached_input = 0.5
            output = 20.0

            [models."my-local-llama"]
            input = 0.1
            output = 0.2
            """);

        var prices = PriceTable.Load(path);

        Assert.Equal(new ModelPrice(2m, 0.5m, 20m), prices.Find("gpt-5-2025-08-07"));
        Assert.Equal(new ModelPrice(0.1m, 0.1m, 0.2m), prices.Find("my-local-llama"));
        Assert.Equal(PriceTable.BuiltIn.Find("o3"), prices.Find("o3"));
        Assert.Equal(new ModelPrice(1.25m, 0.125m, 10m), PriceTable.BuiltIn.Find("gpt-5")); // the built-in table is untouched
    }

    [Fact]
    public void A_missing_price_file_gives_the_built_in_prices_and_a_broken_one_says_what_is_wrong()
    {
        using var dir = new TempDirectory("prices");
        var path = Path.Combine(dir.Path, "prices.toml");

        Assert.Same(PriceTable.BuiltIn, PriceTable.Load(path));

        File.WriteAllText(path, "[models.\"gpt-5\"]\ninput = 1\n");
        Assert.Contains("needs output", Assert.Throws<PriceFileException>(() => PriceTable.Load(path)).Message, StringComparison.Ordinal);

        File.WriteAllText(path, "[models.\"gpt-5\"\ninput = ");
        Assert.Contains("not valid TOML", Assert.Throws<PriceFileException>(() => PriceTable.Load(path)).Message, StringComparison.Ordinal);

        File.WriteAllText(path, "[models.\"gpt-5\"]\ninput = \"cheap\"\noutput = 1\n");
        Assert.Contains("should be a number", Assert.Throws<PriceFileException>(() => PriceTable.Load(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_price_file_lives_in_xdg_config_home_or_else_in_dot_config()
    {
        Assert.Equal("/x/codex-otel/prices.toml", PriceFile.PathFor("/x", "/home/me"));
        Assert.Equal("/home/me/.config/codex-otel/prices.toml", PriceFile.PathFor(null, "/home/me"));
    }

    [Fact]
    public void A_conversation_is_priced_per_model_and_is_unknown_when_any_of_its_models_is()
    {
        var known = Summary(("gpt-5", new TokenUsage(1_000_000, 0, 0, 0)), ("o3", new TokenUsage(0, 0, 1_000_000, 0)));
        var partly = Summary(("gpt-5", new TokenUsage(1_000_000, 0, 0, 0)), ("mystery", new TokenUsage(10, 0, 0, 0)));

        Assert.Equal(1.25m + 8.00m, PriceTable.BuiltIn.Cost(known));
        Assert.Null(PriceTable.BuiltIn.Cost(partly));
    }

    private static ConversationSummary Summary(params (string Model, TokenUsage Tokens)[] byModel) => new()
    {
        Id = "c",
        Started = DateTimeOffset.UnixEpoch,
        Ended = DateTimeOffset.UnixEpoch,
        TokensByModel = byModel.ToDictionary(m => m.Model, m => m.Tokens),
        Tokens = byModel.Aggregate(TokenUsage.Zero, (sum, m) => sum + m.Tokens),
    };
}
