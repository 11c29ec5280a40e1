namespace CodexOtel.Codex;

/// <summary>
/// The conversation of each run of consecutive events of one conversation, in order: a line or a batch holds a
/// conversation's events one after another, so taking each run once spares a lookup per event. A conversation whose
/// events come in several runs is named once per run. Its id is mostly one string for the whole run (RecentTexts), so
/// telling runs apart stops at the reference.
/// </summary>
internal static class ConversationRuns
{
    public static IEnumerable<string> Of(IEnumerable<CodexEvent> events)
    {
        string? last = null;
        foreach (var e in events)
        {
            if (!string.Equals(e.ConversationId, last, StringComparison.Ordinal))
            {
                yield return last = e.ConversationId;
            }
        }
    }
}
