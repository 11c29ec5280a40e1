namespace CodexOtel.Query;

/// <summary>One noteworthy event of <c>tail</c>: the conversation it belongs to and what happened.</summary>
public sealed record TailEventView(string Conversation, TimelineItemView Item);
