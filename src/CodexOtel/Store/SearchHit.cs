using CodexOtel.Codex;

namespace CodexOtel.Store;

/// <summary>One event that matched a full-text search.</summary>
/// <param name="ConversationId">The conversation of the event.</param>
/// <param name="Turn">The turn of the event: 0 before the first prompt, then 1, 2, …; null while the conversation is not summarised yet.</param>
/// <param name="Event">The event that matched.</param>
/// <param name="Snippet">A short excerpt; matched words are between <see cref="HighlightStart"/> and <see cref="HighlightEnd"/>.</param>
public sealed record SearchHit(string ConversationId, int? Turn, CodexEvent Event, string Snippet)
{
    /// <summary>Marks the start of a matched word in <see cref="Snippet"/> (a control character no text contains).</summary>
    public const char HighlightStart = '\u0002';

    /// <summary>Marks the end of a matched word in <see cref="Snippet"/>.</summary>
    public const char HighlightEnd = '\u0003';
}
