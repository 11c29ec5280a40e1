using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Indexing;

/// <summary>What the store keeps of a conversation, from its <see cref="ConversationTimeline"/>.</summary>
public static class Timelines
{
    public static IndexedConversation Index(IReadOnlyList<CodexEvent> events)
    {
        var timeline = ConversationTimeline.Build(events);
        return new IndexedConversation(timeline.Summary)
        {
            Events = timeline.Events,
            Turns = [.. timeline.Turns.Select(t => new TurnStart(t.Number, t.Started))],
            Senders = ConversationSender.Of(timeline.Events),
        };
    }
}
