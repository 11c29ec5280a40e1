namespace CodexOtel.Ledger;

/// <summary>
/// Tells readers in this process that more of a signal's stream is durable, as FasterLog's <c>CommitTask</c> does:
/// a reader takes <see cref="Next"/> before it reads, and when the read finds nothing new it awaits that task, which
/// completes at the first commit after it was taken, so no commit between the read and the wait is missed and nothing
/// polls. One task serves every waiter until the commit; the syncer swaps in a fresh one each time.
/// </summary>
public sealed class CommitSignal
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Completes when a commit after this call is durable.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Called by the writer once lines are durable (and when it stops, so no waiter is left hanging).</summary>
    internal void Committed() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    // Waiters continue on the pool, never on the syncer thread that acknowledges clients.
    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
