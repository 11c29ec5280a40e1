using System.Text.Json.Serialization;

namespace CodexOtel.Query;

/// <summary>Tokens and cost grouped as asked (<see cref="UsageQuery.By"/>), in order, and their total.</summary>
public sealed record UsageView(IReadOnlyList<UsageRowView> Rows, UsageRowView Total);

/// <summary>
/// One group of usage: by day and model, by model, or by conversation and model. The total has none of day,
/// conversation and model; a model the events do not name is "?".
/// </summary>
public sealed record UsageRowView
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? Day { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Conversation { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }

    /// <summary>How many distinct conversations.</summary>
    public required int Conversations { get; init; }

    public required int Turns { get; init; }

    public required TokensView Tokens { get; init; }

    /// <summary>USD; null when a model of the group has no price.</summary>
    public required decimal? CostUsd { get; init; }
}
