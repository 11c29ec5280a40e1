namespace CodexOtel.Receivers;

/// <summary>A shared allowance of request bytes in memory; a request that cannot get its share is refused, not queued.</summary>
public sealed class InFlightBudget(long capacity)
{
    private long _used;

    public long Used => Interlocked.Read(ref _used);

    public bool TryReserve(long bytes)
    {
        while (true)
        {
            var used = Interlocked.Read(ref _used);
            if (used > 0 && used + bytes > capacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used)
            {
                return true;
            }
        }
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
