using CodexOtel.Codex;

namespace CodexOtel.Store;

/// <summary>
/// A conversation's usage in 15-minute UTC buckets per model: fine enough to be assigned to the day or hour of any
/// time zone (every zone's offset is a multiple of 15 minutes) when <c>usage</c> or the dashboard asks, small enough to
/// keep per conversation. Counted as the summary counts (<see cref="ConversationSummaries"/>), so the buckets of a
/// conversation add up to its summary.
/// </summary>
public static class UsageBuckets
{
    public static readonly long BucketTicks = TimeSpan.FromMinutes(15).Ticks;

    /// <summary>One bucket: prompts, model responses and their tokens, tool calls, denials and errors.</summary>
    public readonly record struct Bucket(long Number, string Model, int Turns, int Responses, TokenUsage Tokens)
    {
        public int ToolCalls { get; init; }

        public int Denials { get; init; }

        public int Errors { get; init; }

        public DateTimeOffset Start => new(Number * BucketTicks, TimeSpan.Zero);
    }

    /// <summary>Buckets of the conversation's events; events that name no model count under the conversation's.</summary>
    public static List<Bucket> Of(IndexedConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var denied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in conversation.Events)
        {
            if (ConversationSummaries.IsDenial(e) && e.CallId is { } callId)
            {
                denied.Add(callId);
            }
        }

        // A denied call counts once, at its first denial, as the summary counts it.
        var deniedCounted = new HashSet<string>(StringComparer.Ordinal);
        var buckets = new Dictionary<(long, string), Bucket>();
        foreach (var e in conversation.Events)
        {
            var isPrompt = e.Kind == CodexEventKind.UserPrompt;
            var isResponse = e.Kind == CodexEventKind.ModelResponse && e.Tokens is not null;
            var isToolCall = e.Kind == CodexEventKind.ToolResult;
            var isDenial = ConversationSummaries.IsDenial(e) && (e.CallId is not { } call || deniedCounted.Add(call));
            var isError = ConversationSummaries.IsError(e) && !(isToolCall && e.CallId is { } c && denied.Contains(c));
            if (!isPrompt && !isResponse && !isToolCall && !isDenial && !isError)
            {
                continue;
            }

            var key = (e.Time.UtcTicks / BucketTicks, e.Model ?? conversation.Summary.Model ?? "");
            var b = buckets.GetValueOrDefault(key, new Bucket(key.Item1, key.Item2, 0, 0, TokenUsage.Zero));
            buckets[key] = b with
            {
                Turns = b.Turns + (isPrompt ? 1 : 0),
                Responses = b.Responses + (isResponse ? 1 : 0),
                Tokens = isResponse ? b.Tokens + e.Tokens!.Value : b.Tokens,
                ToolCalls = b.ToolCalls + (isToolCall ? 1 : 0),
                Denials = b.Denials + (isDenial ? 1 : 0),
                Errors = b.Errors + (isError ? 1 : 0),
            };
        }

        return [.. buckets.Values];
    }

    public static DateOnly Day(long bucket, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(new DateTimeOffset(bucket * BucketTicks, TimeSpan.Zero), zone).DateTime);

    /// <summary>The first bucket of a range that starts at <paramref name="time"/>: the one holding it.</summary>
    public static long From(DateTimeOffset? time) => time is { } t ? t.UtcTicks / BucketTicks : long.MinValue;

    /// <summary>The first bucket past a range that ends before <paramref name="time"/>: every bucket it overlaps is in (to 15 minutes).</summary>
    public static long Until(DateTimeOffset? time) => time is { } t ? (t.UtcTicks + BucketTicks - 1) / BucketTicks : long.MaxValue;
}
