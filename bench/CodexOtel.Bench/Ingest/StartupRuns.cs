using System.Diagnostics;
using CodexOtel.Bench.Load;
using CodexOtel.Bench.Payloads;

namespace CodexOtel.Bench.Ingest;

/// <summary>
/// Starts the recorder several times on a fresh data folder, without load, and measures spawn → both ports accept
/// and spawn → first export acknowledged (OTLP/HTTP, 512 records): the medians make the readiness target robust to
/// a busy machine.
/// </summary>
internal sealed class StartupRuns(IngestOptions options, PreparedPayloads payloads, TextWriter log)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public sealed record Summary(int Runs, TimeSpan MedianReady, TimeSpan MaxReady, TimeSpan MedianFirstAck, TimeSpan MaxFirstAck);

    public async Task<Summary> RunAsync(int runs, CancellationToken cancellationToken)
    {
        var ready = new List<TimeSpan>();
        var firstAck = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            var work = Directory.CreateTempSubdirectory("codex-otel-start-");
            try
            {
                var grpcPort = FreePort.Pick();
                var httpPort = FreePort.Pick();
                var configHome = Directory.CreateDirectory(Path.Combine(work.FullName, "config")).FullName;
                var launch = ServerLaunch.Recorder(options.ServerExecutable, Path.Combine(work.FullName, "data"), grpcPort, httpPort);
                using var server = ServerProcess.Start(launch, configHome, options.ServerEnvironment);
                var grpc = Task.Run(() => ReadyProbe.WaitForListenerAsync(grpcPort, server.Spawned, server.Process, Timeout), cancellationToken);
                var http = Task.Run(() => ReadyProbe.WaitForListenerAsync(httpPort, server.Spawned, server.Process, Timeout), cancellationToken);
                var (grpcReady, httpReady) = (await grpc, await http);
                ready.Add(grpcReady > httpReady ? grpcReady : httpReady);
                using (var client = new HttpExportClient(new Uri($"http://127.0.0.1:{httpPort}"), payloads.Signal))
                {
                    var attempt = await client.SendAsync(payloads.Requests[0], cancellationToken);
                    if (!attempt.Acked)
                    {
                        throw new InvalidOperationException($"the first export after start was refused: {attempt.Error ?? "pushed back"}\n{server.OutputTail}");
                    }

                    firstAck.Add(Stopwatch.GetElapsedTime(server.Spawned));
                }

                await server.StopAsync(Timeout);
            }
            finally
            {
                work.Delete(recursive: true);
            }
        }

        var summary = new Summary(runs, Median(ready), ready.Max(), Median(firstAck), firstAck.Max());
        log.WriteLine($"[start] {runs} starts of {Path.GetFileName(options.ServerExecutable)}: ready median {summary.MedianReady.TotalMilliseconds:0} ms (max {summary.MaxReady.TotalMilliseconds:0}), "
            + $"first ack median {summary.MedianFirstAck.TotalMilliseconds:0} ms (max {summary.MaxFirstAck.TotalMilliseconds:0})");
        return summary;
    }

    private static TimeSpan Median(List<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
