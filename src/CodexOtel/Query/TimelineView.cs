using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using CodexOtel.Codex;

namespace CodexOtel.Query;

/// <summary>One conversation turn by turn (<c>show</c>): the conversation's fields, then its turns as "timeline".</summary>
public sealed record TimelineView : ConversationView
{
    [SetsRequiredMembers]
    public TimelineView(ConversationView conversation, IReadOnlyList<ConversationSender> senders, IReadOnlyList<TurnView> turns)
        : base(conversation)
    {
        Senders = senders;
        Timeline = turns;
    }

    /// <summary>Who sent its records to serve (key name and address), in the order first seen; none when it was imported.</summary>
    [JsonPropertyOrder(1)]
    public IReadOnlyList<ConversationSender> Senders { get; init; }

    /// <summary>Turn 0 (before the first prompt) when there is anything before it, then one turn per prompt.</summary>
    [JsonPropertyOrder(2)]
    public IReadOnlyList<TurnView> Timeline { get; init; }

    public static TimelineView Of(ConversationTimeline timeline, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var turns = new TurnView[timeline.Turns.Count];
        for (var i = 0; i < turns.Length; i++)
        {
            turns[i] = TurnView.Of(timeline.Turns[i]);
        }

        return new TimelineView(ConversationView.Of(timeline.Summary, prices), ConversationSender.Of(timeline.Events), turns);
    }
}

/// <summary>A user prompt and everything up to the next one, in time order (turn 0: what came before the first prompt).</summary>
public sealed record TurnView(
    [property: JsonPropertyName("turn")] int Number,
    TokensView Tokens,
    IReadOnlyList<TimelineItemView> Items)
{
    public static TurnView Of(ConversationTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var items = new TimelineItemView[turn.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = TimelineItemView.Of(turn.Items[i]);
        }

        return new TurnView(turn.Number, TokensView.Of(turn.Tokens), items);
    }
}
