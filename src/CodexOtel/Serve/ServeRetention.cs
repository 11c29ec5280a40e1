using CodexOtel.Consumers;
using CodexOtel.Indexing;
using CodexOtel.Ledger;
using CodexOtel.Ledger.Retention;
using CodexOtel.Otlp;
using CodexOtel.Store;

namespace CodexOtel.Serve;

/// <summary>
/// <c>[retention]</c> inside serve: prunes once at start and then every <see cref="Interval"/>, as <c>codex-otel
/// prune</c> does (the index drops a pruned segment's events first). A segment goes only once every consumer following
/// its signal has read past it, so no consumer loses lines it has not seen; one that lags keeps its segments until the
/// next round. A failed round is logged and tried again at the next.
/// </summary>
internal sealed class ServeRetention(
    string dataDir,
    LedgerWriter ledger,
    RetentionOptions options,
    bool compressRotated,
    Func<IReadOnlyList<ConsumerPosition>> positions,
    ILogger log) : IAsyncDisposable
{
    private static readonly TimeSpan CheckpointWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CheckpointPoll = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    public void Start() => _running = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>One round: what is due and consumed goes.</summary>
    public async Task<PruneResult> PruneAsync(CancellationToken cancellationToken)
    {
        var consumed = Consumed(positions());
        using var store = ConversationStores.Open(dataDir);
        return await LedgerPruner.PruneAsync(
            ledger,
            dataDir,
            options,
            compressRotated,
            DateTime.UtcNow,
            consumed,
            PrunedSegmentEvents.BeforeRemoval(store),
            log,
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_running is not null)
        {
            await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    /// <summary>
    /// Whether every consumer of a segment's signal has a checkpoint in a later segment (a consumer at the end of the
    /// segment itself, or whose checkpoint is not listed, keeps it: it may still need its lines).
    /// </summary>
    internal Func<LedgerSegment, bool> Consumed(IReadOnlyList<ConsumerPosition> consumers)
    {
        var order = new Dictionary<Signal, Dictionary<string, int>>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var signal in SignalNames.All)
        {
            var listed = new SegmentCatalog(dataDir, signal).Refresh();
            order[signal] = listed.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
            foreach (var (segment, id) in listed)
            {
                ids[segment.ChainPath] = id;
            }
        }

        var checkpoints = consumers.Select(c => (c.Signal, Checkpoint: c.Checkpoint())).ToList();
        return segment =>
        {
            if (!ids.TryGetValue(segment.ChainPath, out var id))
            {
                return false;
            }

            var position = order[segment.Signal];
            return checkpoints.Where(c => c.Signal == segment.Signal).All(c =>
                c.Checkpoint is { } at && position.TryGetValue(at.SegmentId, out var reached) && reached > position[id]);
        };
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        await WaitForCheckpointsAsync(cancellationToken).ConfigureAwait(false);
        do
        {
            try
            {
                var result = await PruneAsync(cancellationToken).ConfigureAwait(false);
                if (result.Pruned.Count > 0)
                {
                    log.LogInformation("Retention pruned {Count} segment(s); codex-otel verify lists them", result.Pruned.Count);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ObjectDisposedException
                or LedgerBusyException or LedgerUnavailableException or Microsoft.Data.Sqlite.SqliteException)
            {
                log.LogWarning("Retention could not prune: {Reason}; trying again in {Interval}", e.Message, Interval);
            }
        }
        while (await WaitAsync(timer, cancellationToken).ConfigureAwait(false));
    }

    // The consumers load their checkpoints as they start, moments after serve: the first round waits for those of
    // signals with something to prune (bounded: a consumer that fails to start has none), or it would keep everything
    // until the next round.
    private async Task WaitForCheckpointsAsync(CancellationToken cancellationToken)
    {
        var prunable = SignalNames.All.Where(signal => LedgerSegment.List(dataDir, signal).Any(s => !s.IsActive)).ToHashSet();
        for (var waited = TimeSpan.Zero;
             waited < CheckpointWait && positions().Any(p => prunable.Contains(p.Signal) && p.Checkpoint() is null);
             waited += CheckpointPoll)
        {
            await Task.Delay(CheckpointPoll, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
