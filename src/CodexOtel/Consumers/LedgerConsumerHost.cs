using CodexOtel.Ledger;

namespace CodexOtel.Consumers;

/// <summary>
/// Runs the ledger's consumers inside <c>serve</c>, each on its own task from its own checkpoint, woken by the
/// ledger's commits (<see cref="LedgerWriter.Commits"/>) rather than polling. A consumer plugs in by being added here;
/// receivers, the ledger writer and the CLI know nothing of it. A consumer that fails is logged and restarted from
/// its checkpoint after <see cref="ErrorDelay"/>; the others go on.
/// </summary>
public sealed class LedgerConsumerHost(string dataDir, LedgerWriter ledger, ILogger log) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<ConsumerPosition> _positions = [];

    /// <summary>How long a failed consumer waits before it resumes from its checkpoint.</summary>
    public TimeSpan ErrorDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Starts following the ledger with <paramref name="consumer"/>.</summary>
    /// <exception cref="ArgumentException">a consumer of the same name runs already (they would share a checkpoint)</exception>
    public void Add<TBatch>(ILedgerConsumer<TBatch> consumer)
    {
        lock (_running)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            if (!_names.Add(consumer.Name))
            {
                throw new ArgumentException($"a ledger consumer named {consumer.Name} is running already", nameof(consumer));
            }

            var runner = new ConsumerRunner<TBatch>(consumer, dataDir, ledger.Commits(consumer.Signal), log, ErrorDelay);
            _positions.Add(new ConsumerPosition(consumer.Name, consumer.Signal, () => runner.Position));
            _running.Add(Task.Run(() => runner.RunAsync(_stop.Token)));
        }
    }

    /// <summary>Each consumer's position, for its lag.</summary>
    public IReadOnlyList<ConsumerPosition> Positions
    {
        get
        {
            lock (_running)
            {
                return [.. _positions];
            }
        }
    }

    /// <summary>Stops every consumer (after the batch each is consuming) and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_running)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            running = [.. _running];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _stop.Dispose();
    }
}

/// <summary>Where a consumer is in its signal's stream, read when asked (<see cref="Checkpoint"/> null: nowhere yet).</summary>
public sealed record ConsumerPosition(string Name, Otlp.Signal Signal, Func<LedgerCheckpoint?> Checkpoint);
