using CodexOtel.Store;

namespace CodexOtel.Query;

/// <summary>One tool over a range (<see cref="ConversationQueries.ToolsAsync"/>): calls, failures, denials, durations.</summary>
/// <param name="Tool">The tool's name as Codex logs it.</param>
/// <param name="Calls">Tool results.</param>
/// <param name="Failures">Calls that did not succeed (denied ones included).</param>
/// <param name="FailureRate">Failures per call, 0–1 (0 without calls).</param>
/// <param name="Denials">Calls denied or aborted by an approval decision, or rejected by policy.</param>
/// <param name="P50Ms">Median duration (ms) of the calls that have one; null when none has.</param>
/// <param name="P95Ms">95th percentile duration (ms, nearest rank).</param>
public sealed record ToolStatsView(string Tool, int Calls, int Failures, double FailureRate, int Denials, double? P50Ms, double? P95Ms)
{
    public static ToolStatsView Of(ToolStatsRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new ToolStatsView(
            row.Tool, row.Calls, row.Failures, row.Calls == 0 ? 0 : Math.Round((double)row.Failures / row.Calls, 4), row.Denials, row.P50Ms, row.P95Ms);
    }
}

/// <summary>One call of a tool, cut short (<see cref="ToolCallQuery.SnippetChars"/>): enough to list it and link to its turn.</summary>
public sealed record ToolCallView(
    DateTimeOffset Time, string Conversation, int? Turn, string? CallId, string? Arguments, double? DurationMs, bool? Success, string? Output)
{
    public static ToolCallView Of(ToolCallRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new ToolCallView(row.Time.ToUniversalTime(), row.ConversationId, row.Turn, row.CallId, row.Arguments, row.DurationMs, row.Success, row.Output);
    }
}

/// <summary>One page of a tool's calls, newest first, and the cursor of the next (null on the last).</summary>
public sealed record ToolCallPageView(IReadOnlyList<ToolCallView> Calls, string? Next);

/// <summary>One page of search hits, most recently indexed first, and the cursor of the next (null on the last).</summary>
public sealed record SearchPageView(IReadOnlyList<SearchHitView> Hits, string? Next);
