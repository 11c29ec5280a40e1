using CodexOtel.Consumers;
using CodexOtel.Ledger;
using CodexOtel.Otlp;

namespace CodexOtel.Web;

/// <summary>
/// The dashboard's live feed as a ledger consumer: from the end of the logs ledger at start, each committed batch is
/// decoded once (on the host's read-ahead task) and published to every open page. Its position is kept in memory
/// only: what happened while serve was down is history, which the pages read from the index; a page that reconnects
/// names its position itself (Last-Event-ID).
/// </summary>
internal sealed class LiveFeedConsumer(string dataDir, LiveFeed feed) : ILedgerConsumer<LiveBatch>, ILedgerCheckpointStore
{
    private LedgerCheckpoint? _position;

    public string Name => "live";

    public Signal Signal => Signal.Logs;

    public ILedgerCheckpointStore Checkpoints => this;

    public ValueTask<bool> StartAsync(CancellationToken cancellationToken)
    {
        _position = new LedgerTailer(dataDir, Signal.Logs).End();
        feed.Start(_position);
        return ValueTask.FromResult(true);
    }

    // The batch's start is filled in when it is consumed: preparing runs ahead of the previous batch's consumption.
    public LiveBatch Prepare(IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken) => new(null, LiveLine.Of(lines));

    public ValueTask ConsumeAsync(LiveBatch batch, LedgerCheckpoint after, CancellationToken cancellationToken)
    {
        feed.Publish(batch with { From = _position });
        _position = after;
        return ValueTask.CompletedTask;
    }

    public LedgerCheckpoint? Load() => _position;

    public void Save(LedgerCheckpoint checkpoint) => _position = checkpoint;
}
