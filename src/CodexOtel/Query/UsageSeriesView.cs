namespace CodexOtel.Query;

/// <summary>
/// Usage over time for stacked charts (<see cref="ConversationQueries.SeriesAsync"/>): one point per hour (ranges up to
/// two days) or per day of the zone asked for, every bucket of the range present (empty ones with zeros), oldest first.
/// </summary>
/// <param name="Bucket">"hour" or "day".</param>
/// <param name="Models">Every model of the range, costliest first: the order of the stacks.</param>
/// <param name="Points">The buckets.</param>
public sealed record UsageSeriesView(string Bucket, IReadOnlyList<string> Models, IReadOnlyList<UsageSeriesPointView> Points);

/// <summary>One bucket: its start (UTC; a local hour or midnight of the zone), tokens by kind, cost, and both per model.</summary>
public sealed record UsageSeriesPointView(
    DateTimeOffset Start, int Turns, int ModelCalls, TokensView Tokens, decimal? CostUsd, IReadOnlyList<ModelUsageView> Models);
