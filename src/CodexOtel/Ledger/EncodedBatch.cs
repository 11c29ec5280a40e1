namespace CodexOtel.Ledger;

/// <summary>
/// Ledger lines ready to append: each ends with '\n'. The buffer goes back to the pool on dispose.
/// </summary>
public sealed class EncodedBatch : IDisposable
{
    private readonly BufferPool _pool;
    private byte[]? _buffer;

    public EncodedBatch(BufferPool pool, byte[] rentedBuffer, int length, int lineCount, long rejectedRecords, string? rejectReason)
    {
        _pool = pool;
        _buffer = rentedBuffer;
        Length = length;
        LineCount = lineCount;
        RejectedRecords = rejectedRecords;
        RejectReason = rejectReason;
    }

    public int Length { get; }

    public int LineCount { get; }

    /// <summary>Records that could not be kept (each alone larger than a line may be).</summary>
    public long RejectedRecords { get; }

    public string? RejectReason { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>Told where the batch's line landed as it is written (only for a batch of one line).</summary>
    public ILedgerLineNote? Note { get; set; }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            _pool.Return(buffer);
        }
    }
}
