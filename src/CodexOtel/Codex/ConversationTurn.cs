namespace CodexOtel.Codex;

/// <summary>
/// One turn of a conversation: a user prompt and everything up to the next one, in time order. Turn 0 holds what
/// happened before the first prompt (conversation start, start-up), and exists only when there is such an event.
/// </summary>
public sealed record ConversationTurn
{
    /// <summary>0 before the first prompt, then 1, 2, … one per prompt.</summary>
    public required int Number { get; init; }

    /// <summary>The UserPrompt that opened the turn (null for turn 0).</summary>
    public CodexEvent? Prompt { get; init; }

    /// <summary>Every event of the turn in time order, the prompt first.</summary>
    public required IReadOnlyList<CodexEvent> Items { get; init; }

    public DateTimeOffset Started => Items[0].Time;

    public DateTimeOffset Ended => Items[^1].Time;

    /// <summary>Sum of the turn's model responses.</summary>
    public TokenUsage Tokens
    {
        get
        {
            var sum = TokenUsage.Zero;
            foreach (var e in Items)
            {
                if (e.Kind == CodexEventKind.ModelResponse && e.Tokens is { } tokens)
                {
                    sum += tokens;
                }
            }

            return sum;
        }
    }
}
