namespace CodexOtel.Store;

/// <summary>One tool's calls over a range (<see cref="IConversationReader.ToolStatsAsync"/>).</summary>
/// <param name="Tool">The tool's name as Codex logs it.</param>
/// <param name="Calls">Tool results.</param>
/// <param name="Failures">Tool results that did not succeed (denied ones included).</param>
/// <param name="Denials">Calls denied or aborted by an approval decision, or rejected by policy (each call once per UTC hour).</param>
/// <param name="P50Ms">
/// Median duration of the calls that have one; null when none has. Exact (nearest rank) when the range's tool events span
/// up to <see cref="ToolDurationHistogram.ExactUpTo"/>, otherwise estimated from <see cref="ToolDurationHistogram"/>'s buckets.
/// </param>
/// <param name="P95Ms">95th percentile of those durations, as <paramref name="P50Ms"/>.</param>
public sealed record ToolStatsRow(string Tool, int Calls, int Failures, int Denials, double? P50Ms, double? P95Ms);

/// <summary>A page of one tool's calls, newest first (<see cref="IConversationReader.ToolCallsAsync"/>).</summary>
public sealed record ToolCallQuery(string Tool)
{
    public const int DefaultLimit = 50;

    /// <summary>The longest excerpt of arguments and output a call carries, in characters.</summary>
    public const int SnippetChars = 200;

    /// <summary>Calls at or after this.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Calls before this.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Calls after this place in the newest-first order: the previous page's <see cref="ToolCallPage.Next"/>.</summary>
    public ToolCallPosition? After { get; init; }

    /// <summary>At most this many (at least 1).</summary>
    public int Limit { get; init; } = DefaultLimit;
}

/// <summary>One call of a tool: its result event, cut short.</summary>
/// <param name="Time">When the result was logged.</param>
/// <param name="ConversationId">Its conversation.</param>
/// <param name="Turn">Its turn (0 before the first prompt); null while the conversation is not summarised yet.</param>
/// <param name="CallId">Links decision, result and spans of the call.</param>
/// <param name="Arguments">The first <see cref="ToolCallQuery.SnippetChars"/> characters of the arguments.</param>
/// <param name="DurationMs">How long the call ran, as Codex logs it.</param>
/// <param name="Success">Whether it succeeded, as Codex logs it.</param>
/// <param name="Output">The first <see cref="ToolCallQuery.SnippetChars"/> characters of the output.</param>
public sealed record ToolCallRow(
    DateTimeOffset Time, string ConversationId, int? Turn, string? CallId, string? Arguments, double? DurationMs, bool? Success, string? Output);

/// <summary>A place in the newest-first order of a tool's calls: the time of a call and the store's sequence number of its event.</summary>
public sealed record ToolCallPosition(long TimeTicks, long Seq);

/// <summary>Calls of one page, newest first, and where the next page starts (null when this is the last).</summary>
public sealed record ToolCallPage(IReadOnlyList<ToolCallRow> Calls, ToolCallPosition? Next);
