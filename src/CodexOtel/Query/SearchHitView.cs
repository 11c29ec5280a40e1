using System.Text.Json.Serialization;
using CodexOtel.Codex;
using CodexOtel.Store;

namespace CodexOtel.Query;

/// <summary>One event that matched a full-text search, with an excerpt around the match.</summary>
public sealed record SearchHitView
{
    public required string Conversation { get; init; }

    /// <summary>0 before the first prompt, then 1, 2, …; null while the conversation is not summarised yet.</summary>
    public required int? Turn { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required string Event { get; init; }

    public required string? Tool { get; init; }

    /// <summary>The excerpt as plain text.</summary>
    public string Snippet => SnippetWithMarks
        .Replace(SearchHit.HighlightStart.ToString(), "", StringComparison.Ordinal)
        .Replace(SearchHit.HighlightEnd.ToString(), "", StringComparison.Ordinal);

    /// <summary>The excerpt with each matched word between <see cref="SearchHit.HighlightStart"/> and <see cref="SearchHit.HighlightEnd"/>.</summary>
    // Not required: System.Text.Json refuses a required property it ignores.
    [JsonIgnore]
    public string SnippetWithMarks { get; init; } = "";

    /// <summary>What kind of event matched (the table says prompt, tool, answer, api error).</summary>
    [JsonIgnore]
    public CodexEventKind Kind { get; init; }

    public static SearchHitView Of(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new SearchHitView
        {
            Conversation = hit.ConversationId,
            Turn = hit.Turn,
            Time = hit.Event.Time.ToUniversalTime(),
            Event = hit.Event.Name,
            Tool = hit.Event.Tool,
            SnippetWithMarks = hit.Snippet,
            Kind = hit.Event.Kind,
        };
    }
}
