namespace CodexOtel.Bench.Ingest;

/// <summary>Samples a process's VmRSS every few milliseconds and keeps the kernel's peak (VmHWM), until disposed.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RssSampler(int pid, TimeSpan interval)
    {
        _pid = pid;
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                do
                {
                    Sample();
                }
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        });
    }

    /// <summary>The highest VmRSS seen by sampling.</summary>
    public long MaxSampledRss { get; private set; }

    /// <summary>The kernel's high-water mark of resident memory (VmHWM), as last read.</summary>
    public long PeakRss { get; private set; }

    public void Sample()
    {
        if (ProcessMemory.Read(_pid) is { } memory)
        {
            MaxSampledRss = Math.Max(MaxSampledRss, memory.Rss);
            PeakRss = Math.Max(PeakRss, memory.Peak);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
