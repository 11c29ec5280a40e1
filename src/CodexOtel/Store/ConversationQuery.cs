namespace CodexOtel.Store;

/// <summary>Filters of <see cref="IConversationStore.ListConversations"/>; all optional.</summary>
public sealed record ConversationQuery
{
    /// <summary>Conversations that started at or after this.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Conversations that started before this.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Conversations that used this model (exact name, any of their models).</summary>
    public string? Model { get; init; }

    /// <summary>At most this many, the newest.</summary>
    public int? Limit { get; init; }
}
