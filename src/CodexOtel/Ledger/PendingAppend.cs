namespace CodexOtel.Ledger;

/// <summary>
/// A batch waiting for its group commit, or a record a chain entry hashes instead of a line (a prune record: no data
/// is written for it); completes once it is durable (or failed).
/// </summary>
internal sealed class PendingAppend
{
    public PendingAppend(EncodedBatch batch) => Batch = batch;

    private PendingAppend(byte[] record) => Record = record;

    public EncodedBatch? Batch { get; }

    /// <summary>The record's line (without its newline) when this is a chained record.</summary>
    public byte[]? Record { get; }

    /// <summary>Bytes of data it appends.</summary>
    public int Length => Batch?.Length ?? 0;

    /// <summary>Chain entries it adds.</summary>
    public int Entries => Batch?.LineCount ?? 1;

    /// <summary>Whether the writer told the batch's note where its line went (to withdraw it, should the write fail).</summary>
    public bool Noted { get; set; }

    public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static PendingAppend ChainedRecord(byte[] record) => new(record);
}
