using System.Diagnostics;
using CodexOtel.Bench.Payloads;

namespace CodexOtel.Bench.Load;

/// <summary>
/// Runs N clients, each sending one request at a time as fast as it is acknowledged, for a warm-up and then a
/// measured window. A request pushed back (429/503/UNAVAILABLE) is not retried: the client waits as told and sends
/// the next one. Latency is from send to acknowledgement, for requests acknowledged inside the window.
/// </summary>
internal static class LoadDriver
{
    public static async Task<LoadResult> RunAsync(
        Func<IExportClient> connect, PreparedPayloads payloads, int clients, TimeSpan warmup, TimeSpan window, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var tallies = new ClientTally[clients];
        var tasks = new Task[clients];
        for (var i = 0; i < clients; i++)
        {
            var tally = tallies[i] = new ClientTally();
            var client = i;
            tasks[i] = Task.Run(() => RunClientAsync(connect, payloads, client, clients, tally, windowStart, windowEnd, cancellationToken), cancellationToken);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);

        var latencies = tallies.SelectMany(t => t.Latencies).Order().ToArray();
        return new LoadResult
        {
            AckedRequests = tallies.Sum(t => t.AckedRequests),
            AckedRecords = tallies.Sum(t => t.AckedRecords),
            RejectedRecords = tallies.Sum(t => t.RejectedRecords),
            PushedBack = tallies.Sum(t => t.PushedBack),
            Errors = tallies.Sum(t => t.Errors),
            FirstError = tallies.Select(t => t.FirstError).FirstOrDefault(e => e is not null),
            Window = window,
            WindowRequests = tallies.Sum(t => t.WindowRequests),
            WindowRecords = tallies.Sum(t => t.WindowRecords),
            P50Ms = Percentile(latencies, 0.50),
            P99Ms = Percentile(latencies, 0.99),
            MaxMs = latencies.Length == 0 ? double.NaN : latencies[^1],
        };
    }

    private static async Task RunClientAsync(
        Func<IExportClient> connect, PreparedPayloads payloads, int client, int clients, ClientTally tally, long windowStart, long windowEnd, CancellationToken cancellationToken)
    {
        using var exporter = connect();
        var next = client;
        while (Stopwatch.GetTimestamp() < windowEnd && !cancellationToken.IsCancellationRequested)
        {
            var request = payloads.Requests[next % payloads.Count];
            next += clients;
            var sent = Stopwatch.GetTimestamp();
            var attempt = await exporter.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var done = Stopwatch.GetTimestamp();
            var inWindow = done >= windowStart && done <= windowEnd;
            if (attempt.Acked)
            {
                var records = PreparedPayloads.RecordsPerRequest - attempt.RejectedRecords;
                tally.AckedRequests++;
                tally.AckedRecords += records;
                tally.RejectedRecords += attempt.RejectedRecords;
                if (inWindow)
                {
                    tally.WindowRequests++;
                    tally.WindowRecords += records;
                    tally.Latencies.Add(Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds);
                }

                continue;
            }

            if (attempt.RetryAfter is { } retryAfter)
            {
                tally.PushedBack++;
                await WaitAsync(retryAfter, windowEnd, cancellationToken).ConfigureAwait(false);
                continue;
            }

            tally.Errors++;
            tally.FirstError ??= attempt.Error;
            await WaitAsync(TimeSpan.FromMilliseconds(50), windowEnd, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task WaitAsync(TimeSpan wait, long windowEnd, CancellationToken cancellationToken)
    {
        var left = TimeSpan.FromSeconds(Math.Max(0, (windowEnd - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency));
        return Task.Delay(wait < left ? wait : left, cancellationToken);
    }

    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private sealed class ClientTally
    {
        public List<double> Latencies { get; } = [];

        public long AckedRequests { get; set; }

        public long AckedRecords { get; set; }

        public long RejectedRecords { get; set; }

        public long PushedBack { get; set; }

        public long Errors { get; set; }

        public string? FirstError { get; set; }

        public long WindowRequests { get; set; }

        public long WindowRecords { get; set; }
    }
}
