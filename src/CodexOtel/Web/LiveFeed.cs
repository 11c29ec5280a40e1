using System.Threading.Channels;
using CodexOtel.Ledger;
using CodexOtel.Query;

namespace CodexOtel.Web;

/// <summary>
/// What the dashboard's open pages hear: each batch of the logs ledger as <see cref="LiveFeedConsumer"/> decoded it,
/// and that the index has caught up (pages then reload what they show). Each subscriber has a bounded queue of its
/// own: one that falls behind misses batches, and its <see cref="LiveStream"/> reads them from the ledger instead.
/// </summary>
internal sealed class LiveFeed
{
    private const int QueuedNotices = 64;

    private readonly Lock _gate = new();
    private readonly List<Channel<LiveNotice>> _subscribers = [];

    /// <summary>Where the feed is in the ledger: after the last batch published (null: nothing yet).</summary>
    public LedgerCheckpoint? Position { get; private set; }

    public void Start(LedgerCheckpoint? position) => Position = position;

    public void Publish(LiveBatch batch) => Send(batch, after: batch.Lines.Count > 0 ? batch.Lines[^1].After : null);

    public void PublishIndexed() => Send(LiveNotice.Indexed, after: null);

    /// <summary>A queue of what is published from now on; disposing the subscription ends it.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<LiveNotice>(new BoundedChannelOptions(QueuedNotices)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        return new Subscription(this, channel);
    }

    private void Send(LiveNotice notice, LedgerCheckpoint? after)
    {
        lock (_gate)
        {
            Position = after ?? Position;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(notice);
            }
        }
    }

    private void Remove(Channel<LiveNotice> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }
    }

    public sealed class Subscription(LiveFeed feed, Channel<LiveNotice> channel) : IDisposable
    {
        public ChannelReader<LiveNotice> Notices => channel.Reader;

        public void Dispose() => feed.Remove(channel);
    }
}

/// <summary>Something the feed tells its subscribers.</summary>
internal record LiveNotice
{
    /// <summary>The index has applied what was committed (pages reload their data).</summary>
    public static readonly LiveNotice Indexed = new();
}

/// <summary>Lines of the logs ledger after <see cref="From"/>, each with its noteworthy events.</summary>
internal sealed record LiveBatch(LedgerCheckpoint? From, IReadOnlyList<LiveLine> Lines) : LiveNotice;

/// <summary>One ledger line's events and the position after it (the SSE event id: a reconnect resumes after it).</summary>
internal sealed record LiveLine(LedgerCheckpoint After, IReadOnlyList<TailEventView> Events)
{
    public static IReadOnlyList<LiveLine> Of(IReadOnlyList<LedgerLine> lines) =>
        [.. lines.Select(line => new LiveLine(line.After, EventTail.Events([line])))];
}
