using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Query;

/// <summary>
/// Everything counted over a time range (<see cref="ConversationQueries.TotalsAsync"/>), from the usage buckets, so to
/// 15 minutes: a bucket that overlaps the range counts whole.
/// </summary>
public sealed record UsageTotalsView
{
    public required DateTimeOffset Since { get; init; }

    public required DateTimeOffset Until { get; init; }

    /// <summary>Conversations with a prompt, model call, tool call, denial or error in the range.</summary>
    public required long Conversations { get; init; }

    public required int Turns { get; init; }

    /// <summary>Model responses (each a model call with token counts).</summary>
    public required int ModelCalls { get; init; }

    public required TokensView Tokens { get; init; }

    /// <summary>Cached input as a share of input, 0–100; null without input.</summary>
    public required double? CacheHitPercent { get; init; }

    /// <summary>USD, priced per model; null when a model that used tokens has no price.</summary>
    public required decimal? CostUsd { get; init; }

    public required int ToolCalls { get; init; }

    public required int Denials { get; init; }

    public required int Errors { get; init; }

    /// <summary>Tokens and cost per model, costliest first.</summary>
    public required IReadOnlyList<ModelUsageView> Models { get; init; }

    internal static UsageTotalsView Of(DateTimeOffset since, DateTimeOffset until, long conversations, IReadOnlyList<UsageBucketRow> rows, PriceTable prices)
    {
        var tokens = TokenUsage.Zero;
        int turns = 0, calls = 0, tools = 0, denials = 0, errors = 0;
        foreach (var row in rows)
        {
            tokens += row.Tokens;
            turns += row.Turns;
            calls += row.Responses;
            tools += row.ToolCalls;
            denials += row.Denials;
            errors += row.Errors;
        }

        var models = ModelUsageView.Of(rows, prices);
        return new UsageTotalsView
        {
            Since = since.ToUniversalTime(),
            Until = until.ToUniversalTime(),
            Conversations = conversations,
            Turns = turns,
            ModelCalls = calls,
            Tokens = TokensView.Of(tokens),
            CacheHitPercent = tokens.Input > 0 ? Math.Round(100.0 * tokens.CachedInput / tokens.Input, 1) : null,
            CostUsd = ModelUsageView.Total(models),
            ToolCalls = tools,
            Denials = denials,
            Errors = errors,
            Models = models,
        };
    }
}

/// <summary>One model's tokens and cost in a range or a bucket; a model the events do not name is "?".</summary>
public sealed record ModelUsageView(string Model, TokensView Tokens, decimal? CostUsd)
{
    /// <summary>Per model, costliest first (unpriced last), then by name.</summary>
    internal static IReadOnlyList<ModelUsageView> Of(IEnumerable<UsageBucketRow> rows, PriceTable prices) =>
        [.. rows
            .GroupBy(r => r.Model ?? "?", StringComparer.Ordinal)
            .Select(g =>
            {
                var tokens = g.Aggregate(TokenUsage.Zero, (sum, r) => sum + r.Tokens);
                var model = g.First().Model;
                return new ModelUsageView(g.Key, TokensView.Of(tokens), tokens == TokenUsage.Zero ? 0m : prices.Cost(model, tokens));
            })
            .OrderByDescending(m => m.CostUsd ?? -1m)
            .ThenBy(m => m.Model, StringComparer.Ordinal)];

    /// <summary>The sum, null when a model is unpriced.</summary>
    internal static decimal? Total(IReadOnlyList<ModelUsageView> models) =>
        models.Any(m => m.CostUsd is null) ? null : models.Sum(m => m.CostUsd!.Value);
}

/// <summary>The two windows Codex's usage limits count in, ending now (<see cref="ConversationQueries.RollingUsageAsync"/>).</summary>
public sealed record RollingUsageView(UsageTotalsView LastFiveHours, UsageTotalsView LastSevenDays);
