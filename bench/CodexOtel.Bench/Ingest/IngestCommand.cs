using System.CommandLine;
using CodexOtel.Bench.Payloads;
using CodexOtel.Otlp;

namespace CodexOtel.Bench.Ingest;

/// <summary>
/// <c>ingest</c>: for each transport, the real <c>codex-otel serve</c> and then the discard sink, each in its own
/// process on fresh ports and a fresh data folder, under the same load; prints the tables and the targets.
/// Exit code 0 when every target passes, 1 when one fails, 2 on a usage error.
/// </summary>
internal static class IngestCommand
{
    private static readonly Option<string?> Server = new("--server") { Description = "The codex-otel executable to test (default: bench/artifacts/codex-otel/codex-otel)" };
    private static readonly Option<string?> SinkOption = new("--sink") { Description = "The codex-otel-sink executable to compare with (default: bench/artifacts/codex-otel-sink/codex-otel-sink)" };
    private static readonly Option<int> Clients = new("--clients") { Description = "Concurrent clients, one connection each", DefaultValueFactory = _ => 8 };
    private static readonly Option<int> Seconds = new("--seconds") { Description = "Measured seconds per run", DefaultValueFactory = _ => 20 };
    private static readonly Option<int> Warmup = new("--warmup") { Description = "Warm-up seconds before measuring", DefaultValueFactory = _ => 2 };
    private static readonly Option<string> TransportOption = new("--transport") { Description = "grpc, http or both", DefaultValueFactory = _ => "both" };
    private static readonly Option<string> SignalOption = new("--signal") { Description = "traces or logs", DefaultValueFactory = _ => "traces" };
    private static readonly Option<string?> WorkDir = new("--work-dir") { Description = "Where the temporary data folders go (default: the system temp folder; must be a real disk)" };
    private static readonly Option<int> Starts = new("--starts") { Description = "Unloaded starts of the recorder to measure readiness (median)", DefaultValueFactory = _ => 5 };
    private static readonly Option<bool> Keep = new("--keep") { Description = "Keep the data folders" };
    private static readonly Option<bool> NoSink = new("--no-sink") { Description = "Skip the discard-sink runs" };
    private static readonly Option<string[]> ServerEnv = new("--server-env") { Description = "NAME=VALUE for both servers' environment (repeatable), e.g. DOTNET_GCgen0size=0x2000000" };
    private static readonly Option<bool> InSink = new("--ledger-in-sink") { Description = "Host the ledger in codex-otel-sink (same code) instead of --server, to print GC totals" };
    private static readonly Option<string?> Config = new("--server-config") { Description = "A config.toml the recorder reads (e.g. with [ledger] compress = false); default none" };
    private static readonly Option<string> RedactionOption = new("--redaction") { Description = "The recorder with redaction on (its default), off (--no-redact), or both to compare", DefaultValueFactory = _ => "on" };
    private static readonly Option<string?> Perf = new("--perf") { Description = "Profile each server with `perf record` over the measured window; reports go to this folder" };

    public static Command Create()
    {
        var command = new Command("ingest", "Load-test codex-otel serve against a decode-and-discard sink");
        foreach (var option in new Option[] { Server, SinkOption, Clients, Seconds, Warmup, TransportOption, SignalOption, WorkDir, Starts, Keep, NoSink, ServerEnv, Config, Perf, InSink, RedactionOption })
        {
            command.Options.Add(option);
        }

        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var server = parse.GetValue(Server) ?? Artifact("codex-otel");
        var sink = parse.GetValue(SinkOption) ?? Artifact("codex-otel-sink");
        // With --no-sink the sink is never started, so it need not have been published (bench/run-metrics.sh).
        foreach (var executable in parse.GetValue(NoSink) ? new[] { server } : new[] { server, sink })
        {
            if (!File.Exists(executable))
            {
                Console.Error.WriteLine($"error: {executable} does not exist.");
                Console.Error.WriteLine("  fix: bench/run-ingest.sh publishes both (or pass --server PATH and --sink PATH)");
                return 2;
            }
        }

        var transports = parse.GetValue(TransportOption) switch
        {
            "grpc" => new[] { Transport.Grpc },
            "http" => [Transport.Http],
            "both" => [Transport.Grpc, Transport.Http],
            _ => null,
        };
        var signal = parse.GetValue(SignalOption) switch
        {
            "traces" => Signal.Traces,
            "logs" => Signal.Logs,
            _ => (Signal?)null,
        };
        var redaction = parse.GetValue(RedactionOption) switch
        {
            "on" => new[] { true },
            "off" => [false],
            "both" => [true, false],
            _ => null,
        };
        if (transports is null || signal is null || redaction is null)
        {
            Console.Error.WriteLine("error: --transport is grpc, http or both; --signal is traces or logs; --redaction is on, off or both");
            return 2;
        }

        var options = new IngestOptions
        {
            ServerExecutable = Path.GetFullPath(server),
            SinkExecutable = Path.GetFullPath(sink),
            Clients = parse.GetValue(Clients),
            Duration = TimeSpan.FromSeconds(parse.GetValue(Seconds)),
            Warmup = TimeSpan.FromSeconds(parse.GetValue(Warmup)),
            Transports = transports,
            Signal = signal.Value,
            WorkDir = parse.GetValue(WorkDir),
            Keep = parse.GetValue(Keep),
            Starts = parse.GetValue(Starts),
            SkipSink = parse.GetValue(NoSink),
            LedgerInSink = parse.GetValue(InSink),
            ServerEnvironment = (parse.GetValue(ServerEnv) ?? []).Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
            ServerConfig = parse.GetValue(Config) is { } config ? Path.GetFullPath(config) : null,
            PerfDir = parse.GetValue(Perf) is { } perf ? Path.GetFullPath(perf) : null,
            Redaction = redaction,
        };

        var log = Console.Out;
        var payloads = PreparedPayloads.Create(options.Signal);
        log.WriteLine($"server under test: {options.ServerExecutable}");
        log.WriteLine($"{payloads.Count} distinct {options.Signal.FileStem()} requests of {PreparedPayloads.RecordsPerRequest} records, "
            + $"{payloads.ProtobufBytesPerRequest / 1024:0} KiB protobuf each, {payloads.AttributesPerRecord:0.0} attributes and {payloads.JsonBytesPerRecord:0} JSON bytes a record");

        var startup = options.Starts > 0 ? await new StartupRuns(options, payloads, log).RunAsync(options.Starts, cancellationToken) : null;
        var runner = new IngestRunner(options, payloads, log);
        var results = new List<RunResult>();
        foreach (var transport in options.Transports)
        {
            foreach (var redact in options.Redaction)
            {
                results.Add(await runner.RunAsync(transport, ledger: true, cancellationToken, redact));
            }

            if (!options.SkipSink)
            {
                results.Add(await runner.RunAsync(transport, ledger: false, cancellationToken));
            }
        }

        IngestReport.Write(log, options, payloads, results, startup);
        return IngestReport.AllPass(results, startup) ? 0 : 1;
    }

    /// <summary>bench/artifacts/NAME/NAME, where bench/build.sh publishes it.</summary>
    internal static string Artifact(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodexOtel.slnx")))
            {
                return Path.Combine(dir.FullName, "bench", "artifacts", name, name);
            }
        }

        return Path.Combine("bench", "artifacts", name, name);
    }
}
