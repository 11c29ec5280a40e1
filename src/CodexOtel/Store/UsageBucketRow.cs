using CodexOtel.Codex;

namespace CodexOtel.Store;

/// <summary>
/// Usage of every conversation in one span of UTC time (a 15-minute bucket, an hour or a day: <see cref="UsageGrain"/>)
/// with one model (<see cref="UsageBuckets"/>), counted as the summaries count: a range's totals and series over time
/// are sums of these.
/// </summary>
/// <param name="Start">The start of the span (UTC).</param>
/// <param name="Model">The model named by the events; the conversation's model when they name none; null when neither.</param>
/// <param name="Turns">User prompts.</param>
/// <param name="Responses">Model responses (model calls), whose tokens are summed in <paramref name="Tokens"/>.</param>
/// <param name="Tokens">Tokens of those responses.</param>
/// <param name="ToolCalls">Tool results.</param>
/// <param name="Denials">Tool calls denied or aborted by an approval decision, or rejected by policy.</param>
/// <param name="Errors">Failed API requests, failed tool calls (not denied), error events.</param>
public sealed record UsageBucketRow(
    DateTimeOffset Start, string? Model, int Turns, int Responses, TokenUsage Tokens, int ToolCalls, int Denials, int Errors);
