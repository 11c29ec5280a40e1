using System.Diagnostics;
using CodexOtel.Bench.Load;
using CodexOtel.Bench.Payloads;
using CodexOtel.Otlp;

namespace CodexOtel.Bench.Ingest;

/// <summary>Runs one server (recorder or discard sink) in its own process under load from one transport.</summary>
internal sealed class IngestRunner(IngestOptions options, PreparedPayloads payloads, TextWriter log)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(120);

    // The line codex-otel-sink prints with its GC totals when it stops (its GcReport).
    private const string GcLinePrefix = "gc: ";

    public async Task<RunResult> RunAsync(Transport transport, bool ledger, CancellationToken cancellationToken, bool redact = true)
    {
        var work = options.WorkDir is null
            ? Directory.CreateTempSubdirectory("codex-otel-bench-")
            : Directory.CreateDirectory(Path.Combine(options.WorkDir, $"codex-otel-bench-{Guid.NewGuid():N}"));
        try
        {
            return await RunInAsync(work.FullName, transport, ledger, redact, cancellationToken);
        }
        finally
        {
            if (options.Keep)
            {
                log.WriteLine($"  kept {work.FullName}");
            }
            else
            {
                work.Delete(recursive: true);
            }
        }
    }

    private async Task<RunResult> RunInAsync(string work, Transport transport, bool ledger, bool redact, CancellationToken cancellationToken)
    {
        var dataDir = Path.Combine(work, "data");
        var configHome = Directory.CreateDirectory(Path.Combine(work, "config")).FullName;
        if (options.ServerConfig is not null)
        {
            File.Copy(options.ServerConfig, Path.Combine(Directory.CreateDirectory(Path.Combine(configHome, "codex-otel")).FullName, "config.toml"));
        }

        var grpcPort = FreePort.Pick();
        var httpPort = FreePort.Pick();
        var launch = (ledger, options.LedgerInSink) switch
        {
            (false, _) => ServerLaunch.DiscardSink(options.SinkExecutable, dataDir, grpcPort, httpPort),
            (true, false) => ServerLaunch.Recorder(options.ServerExecutable, dataDir, grpcPort, httpPort, redact),
            (true, true) => ServerLaunch.LedgerInSink(options.SinkExecutable, dataDir, grpcPort, httpPort),
        };
        log.WriteLine($"[{transport.Name()}] {launch.Label}: {options.Clients} clients, {options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s"
            + (launch.Environment.Count == 0 ? "" : $" ({string.Join(", ", launch.Environment.Select(e => $"{e.Key}={e.Value}"))})"));

        var environment = options.PerfDir is null ? options.ServerEnvironment : options.ServerEnvironment.Concat(PerfRecorder.ServerEnvironment).ToDictionary();
        using var server = ServerProcess.Start(launch, configHome, environment);
        try
        {
            var grpcReady = Task.Run(() => ReadyProbe.WaitForListenerAsync(grpcPort, server.Spawned, server.Process, StartTimeout), cancellationToken);
            var httpReady = Task.Run(() => ReadyProbe.WaitForListenerAsync(httpPort, server.Spawned, server.Process, StartTimeout), cancellationToken);
            var ready = Max(await grpcReady, await httpReady);

            var endpoint = new Uri($"http://127.0.0.1:{(transport == Transport.Grpc ? grpcPort : httpPort)}");
            IExportClient Connect() => transport == Transport.Grpc
                ? new GrpcExportClient(endpoint, payloads.Signal)
                : new HttpExportClient(endpoint, payloads.Signal);

            await using var memory = new RssSampler(server.Id, TimeSpan.FromMilliseconds(50));
            var (firstAck, probeRecords) = await FirstAckAsync(Connect, server, cancellationToken);

            var cpu = StartCpuWindow(server, cancellationToken);
            var perf = StartPerfAfterWarmup(server, transport, ledger, cancellationToken);
            var load = await LoadDriver.RunAsync(Connect, payloads, options.Clients, options.Warmup, options.Duration, cancellationToken);
            var (serverCores, clientCores) = await cpu.Finish();
            var loadAverage = LoadAverage();
            if (await perf is { } recorder)
            {
                log.WriteLine($"  perf profile: {await recorder.StopAsync()}");
            }

            memory.Sample();
            var peak = memory.PeakRss;

            var exit = await server.StopAsync(StopTimeout);
            if (exit != 0)
            {
                log.WriteLine($"  warning: the server exited with {(exit is null ? "a kill after the stop timeout" : $"code {exit}")}:\n{server.OutputTail}");
            }

            if (server.OutputTail.Split('\n').LastOrDefault(l => l.StartsWith(GcLinePrefix, StringComparison.Ordinal)) is { } gc)
            {
                log.WriteLine($"  {gc}");
            }

            var expected = load.AckedRecords + probeRecords;
            LedgerRecordCount.Tally? tally = null;
            if (ledger)
            {
                tally = LedgerRecordCount.Count(dataDir, payloads.Signal);
                log.WriteLine($"  ledger: {tally.Records:N0} records in {tally.Lines:N0} lines, {tally.Segments} segments, "
                    + $"{tally.DataBytes / 1048576.0:N0} MiB on disk; expected {expected:N0} → {(tally.Records == expected ? "exact" : "MISMATCH")} "
                    + $"(decoded in {tally.Elapsed.TotalSeconds:0.0} s)");
            }

            var result = new RunResult
            {
                Transport = transport,
                Server = launch.Label,
                IsLedger = ledger,
                Redacted = ledger && redact,
                Ready = ready,
                FirstAck = firstAck,
                Load = load,
                PeakRss = peak,
                ServerCores = serverCores,
                ClientCores = clientCores,
                ExitCode = exit,
                LoadAverage = loadAverage,
                Ledger = tally,
                ExpectedRecords = expected,
            };
            log.WriteLine($"  {load.RecordsPerSecond:N0} records/s, p50 {load.P50Ms:0.0} ms, p99 {load.P99Ms:0.0} ms, "
                + $"peak RSS {peak / 1e6:0} MB, server {serverCores:0.00} cores ({serverCores / load.RecordsPerSecond * 1e6:0.0} µs/record), client {clientCores:0.00} cores, "
                + $"ready {ready.TotalMilliseconds:0} ms, first ack {firstAck.TotalMilliseconds:0} ms, "
                + $"load average {loadAverage:0.0}, pushed back {load.PushedBack}, errors {load.Errors}{(load.FirstError is null ? "" : $" ({load.FirstError})")}");
            return result;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException($"{launch.Label}: {e.Message}\n{server.OutputTail}", e);
        }
    }

    /// <summary>Sends one request right after the ports open and retries until it is acknowledged.</summary>
    private async Task<(TimeSpan Elapsed, long Records)> FirstAckAsync(Func<IExportClient> connect, ServerProcess server, CancellationToken cancellationToken)
    {
        using var client = connect();
        while (true)
        {
            var attempt = await client.SendAsync(payloads.Requests[0], cancellationToken);
            if (attempt.Acked)
            {
                return (Stopwatch.GetElapsedTime(server.Spawned), PreparedPayloads.RecordsPerRequest - attempt.RejectedRecords);
            }

            if (Stopwatch.GetElapsedTime(server.Spawned) > StartTimeout || server.Process.HasExited)
            {
                throw new InvalidOperationException($"the first export was never acknowledged: {attempt.Error ?? "pushed back"}");
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    private async Task<PerfRecorder?> StartPerfAfterWarmup(ServerProcess server, Transport transport, bool ledger, CancellationToken cancellationToken)
    {
        if (options.PerfDir is null)
        {
            return null;
        }

        await Task.Delay(options.Warmup, cancellationToken);
        return PerfRecorder.Start(server.Id, options.PerfDir, $"{payloads.Signal.FileStem()}-{transport.Name()}-{(ledger ? "ledger" : "sink")}");
    }

    private CpuWindow StartCpuWindow(ServerProcess server, CancellationToken cancellationToken) => new(server, options.Warmup, cancellationToken);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>CPU used by the server and by this process from the end of the warm-up until <see cref="Finish"/>.</summary>
    private sealed class CpuWindow
    {
        private readonly ServerProcess _server;
        private readonly Task<(TimeSpan Server, TimeSpan Client, long At)> _start;

        public CpuWindow(ServerProcess server, TimeSpan warmup, CancellationToken cancellationToken)
        {
            _server = server;
            _start = Task.Run(
                async () =>
                {
                    await Task.Delay(warmup, cancellationToken);
                    return (server.CpuTime, Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());
                },
                cancellationToken);
        }

        public async Task<(double Server, double Client)> Finish()
        {
            var (server, client, at) = await _start;
            var wall = Stopwatch.GetElapsedTime(at).TotalSeconds;
            var serverUsed = (_server.CpuTime - server).TotalSeconds;
            var clientUsed = (Process.GetCurrentProcess().TotalProcessorTime - client).TotalSeconds;
            return (serverUsed / wall, clientUsed / wall);
        }
    }
}
