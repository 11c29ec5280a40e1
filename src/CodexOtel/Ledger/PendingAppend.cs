namespace CodexOtel.Ledger;

/// <summary>A batch waiting for its group commit; completes once it is durable (or failed).</summary>
internal sealed class PendingAppend(EncodedBatch batch)
{
    public EncodedBatch Batch { get; } = batch;

    public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
