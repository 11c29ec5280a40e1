using CodexOtel.Codex;

namespace CodexOtel.Store;

/// <summary>How an id or prefix given by the user matched.</summary>
public enum MatchKind
{
    /// <summary>The full id of a conversation.</summary>
    Exact,

    /// <summary>The prefix of exactly one conversation's id.</summary>
    UniquePrefix,

    /// <summary>The prefix of several ids: <see cref="ConversationMatch.Conversations"/> holds the candidates.</summary>
    Ambiguous,

    /// <summary>No id: <see cref="ConversationMatch.Conversations"/> holds close matches, if any.</summary>
    None,
}

/// <summary>The result of <see cref="IConversationReader.FindAsync"/>.</summary>
public sealed record ConversationMatch(MatchKind Kind, IReadOnlyList<ConversationSummary> Conversations)
{
    /// <summary>The conversation meant, when the match is exact or a unique prefix.</summary>
    public ConversationSummary? Found => Kind is MatchKind.Exact or MatchKind.UniquePrefix ? Conversations[0] : null;
}
