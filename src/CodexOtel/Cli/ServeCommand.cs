using System.CommandLine;
using System.Diagnostics;
using CodexOtel.Ledger;
using CodexOtel.Receivers;
using CodexOtel.Serve;

namespace CodexOtel.Cli;

/// <summary><c>codex-otel serve</c>: run the recorder in the foreground until Ctrl-C or SIGTERM.</summary>
internal static class ServeCommand
{
    private static readonly Option<string?> Grpc = new("--grpc") { Description = "OTLP/gRPC listen address HOST:PORT (default 127.0.0.1:4317; port 0 picks a free one)" };
    private static readonly Option<string?> Http = new("--http") { Description = "OTLP/HTTP listen address HOST:PORT (default 127.0.0.1:4318)" };
    private static readonly Option<string?> ApiKey = new("--api-key") { Description = "Require this key from clients (Authorization: Bearer KEY); needed beyond loopback" };
    private static readonly Option<bool> Insecure = new("--insecure") { Description = "Allow a non-loopback address without an API key" };
    private static readonly Option<string?> Config = new("--config") { Description = "Config file (default $XDG_CONFIG_HOME/codex-otel/config.toml)" };
    private static readonly Option<string?> LogFormat = new("--log-format") { Description = "Console log format: text or json" };

    /// <summary>Segments up to 64 GiB; larger ones would take as long to verify or compress as a day of recording does.</summary>
    private const long MaxSegmentMb = 64 << 10;

    /// <summary>A segment may stay open for up to a year.</summary>
    private const long MaxSegmentAgeHours = 24 * 366;

    public static Command Create()
    {
        var command = new Command("serve", "Run the recorder: receive OTLP from Codex and keep every record in the ledger");
        foreach (var option in new Option[] { Grpc, Http, ApiKey, Insecure, Config, LogFormat })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() => RunAsync(parse, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var options = Resolve(parse);
        await using var host = await RecorderHost.StartAsync(options, cancellationToken);
        ServeBanner.Print(host.State, Process.GetCurrentProcess().StartTime);
        using var stop = cancellationToken.Register(() => _ = host.DisposeAsync().AsTask());
        await host.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Flags win over environment variables, which win over the config file.</summary>
    private static ServeOptions Resolve(ParseResult parse)
    {
        var file = ServeConfigFile.Load(parse.GetValue(Config));
        static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var insecureEnv = Env("CODEX_OTEL_INSECURE");
        var defaults = new LedgerOptions();
        var limits = new ReceiverOptions();
        var logFormat = parse.GetValue(LogFormat) ?? Env("CODEX_OTEL_LOG_FORMAT") ?? file?.String("log_format") ?? "text";
        if (logFormat is not ("text" or "json"))
        {
            throw new UserError($"--log-format \"{logFormat}\" is not known.", "use --log-format text or --log-format json");
        }

        return new ServeOptions
        {
            DataDir = DataDirectory.Resolve(parse.GetValue(CommonOptions.Data) ?? Env("CODEX_OTEL_DATA") ?? file?.String("data")),
            GrpcAddress = parse.GetValue(Grpc) ?? Env("CODEX_OTEL_GRPC") ?? file?.String("grpc") ?? "127.0.0.1:4317",
            HttpAddress = parse.GetValue(Http) ?? Env("CODEX_OTEL_HTTP") ?? file?.String("http") ?? "127.0.0.1:4318",
            ApiKey = parse.GetValue(ApiKey) ?? Env("CODEX_OTEL_API_KEY") ?? file?.String("api_key"),
            Insecure = parse.GetValue(Insecure) || insecureEnv is "1" or "true" || file?.Bool("insecure") == true,
            LogFormat = logFormat,
            Ledger = defaults with
            {
                MaxSegmentBytes = (file?.Integer("max_segment_mb", "ledger", 1, MaxSegmentMb) ?? (defaults.MaxSegmentBytes >> 20)) << 20,
                MaxSegmentAge = TimeSpan.FromHours(file?.Integer("max_segment_age_hours", "ledger", 1, MaxSegmentAgeHours) ?? (long)defaults.MaxSegmentAge.TotalHours),
                CompressRotated = file?.Bool("compress", "ledger") ?? defaults.CompressRotated,
            },
            Limits = limits with
            {
                // A request must fit in the memory all HTTP requests may hold at once; a larger one would get 429 forever.
                MaxRequestBytes = (int)((file?.Integer("max_request_mb", "limits", 1, limits.MaxInFlightBytes >> 20) ?? (limits.MaxRequestBytes >> 20)) << 20),
            },
        };
    }
}
