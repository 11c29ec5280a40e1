using CodexOtel.Codex;

namespace CodexOtel.Store;

/// <summary>
/// A conversation's usage in 15-minute UTC buckets per model: fine enough to be assigned to the day of any time zone
/// (every zone's offset is a multiple of 15 minutes) when <c>usage</c> asks, small enough to keep per conversation.
/// </summary>
public static class UsageBuckets
{
    public static readonly long BucketTicks = TimeSpan.FromMinutes(15).Ticks;

    /// <summary>One bucket: prompts, model responses and their tokens.</summary>
    public readonly record struct Bucket(long Number, string Model, int Turns, int Responses, TokenUsage Tokens)
    {
        public DateTimeOffset Start => new(Number * BucketTicks, TimeSpan.Zero);
    }

    /// <summary>Buckets of the prompts and model responses; events that name no model count under the conversation's.</summary>
    public static List<Bucket> Of(IndexedConversation conversation)
    {
        var buckets = new Dictionary<(long, string), Bucket>();
        foreach (var e in conversation.Events)
        {
            var isPrompt = e.Kind == CodexEventKind.UserPrompt;
            var isResponse = e.Kind == CodexEventKind.ModelResponse && e.Tokens is not null;
            if (!isPrompt && !isResponse)
            {
                continue;
            }

            var key = (e.Time.UtcTicks / BucketTicks, e.Model ?? conversation.Summary.Model ?? "");
            var b = buckets.GetValueOrDefault(key, new Bucket(key.Item1, key.Item2, 0, 0, TokenUsage.Zero));
            buckets[key] = isPrompt
                ? b with { Turns = b.Turns + 1 }
                : b with { Responses = b.Responses + 1, Tokens = b.Tokens + e.Tokens!.Value };
        }

        return [.. buckets.Values];
    }

    public static DateOnly Day(long bucket, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(new DateTimeOffset(bucket * BucketTicks, TimeSpan.Zero), zone).DateTime);
}
