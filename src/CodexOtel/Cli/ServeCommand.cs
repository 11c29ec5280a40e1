using System.CommandLine;
using System.Diagnostics;
using CodexOtel.Config;
using CodexOtel.Serve;

namespace CodexOtel.Cli;

/// <summary><c>codex-otel serve</c>: run the recorder in the foreground until Ctrl-C or SIGTERM.</summary>
internal static class ServeCommand
{
    private static readonly Option<string?> Grpc = new("--grpc") { Description = $"OTLP/gRPC listen address HOST:PORT (default {ServeOptions.DefaultGrpcAddress}; port 0 picks a free one)" };
    private static readonly Option<string?> Http = new("--http") { Description = $"OTLP/HTTP listen address HOST:PORT (default {ServeOptions.DefaultHttpAddress})" };
    private static readonly Option<string?> Ui = new("--ui") { Description = $"Dashboard listen address HOST:PORT, or off (default {ServeOptions.DefaultUiAddress})" };
    private static readonly Option<string?> Metrics = new("--metrics") { Description = $"Prometheus metrics listen address HOST:PORT, or off (default {ServeOptions.DefaultMetricsAddress})" };
    private static readonly Option<string?> ApiKey = new("--api-key") { Description = "Require this key from clients (Authorization: Bearer KEY); needed beyond loopback" };
    private static readonly Option<string?> TlsCert = new("--tls-cert") { Description = "Serve every port over TLS with this certificate (PEM file; reloaded when it changes)" };
    private static readonly Option<string?> TlsKey = new("--tls-key") { Description = "The certificate's private key (PEM file)" };
    private static readonly Option<string?> TlsClientCa = new("--tls-client-ca") { Description = "Require client certificates issued by this CA (PEM file): mutual TLS" };
    private static readonly Option<bool> Insecure = new("--insecure") { Description = "Allow a non-loopback address without an API key" };
    private static readonly Option<string?> LogFormat = new("--log-format") { Description = "Console log format: text or json" };

    public static Command Create()
    {
        var command = new Command("serve", "Run the recorder: receive OTLP from Codex and keep every record in the ledger");
        foreach (var option in new Option[] { Grpc, Http, Ui, Metrics, ApiKey, Insecure, LogFormat, TlsCert, TlsKey, TlsClientCa, CommonOptions.NoRedact })
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

    /// <summary>Flags win over environment variables, which win over the config file (see Config/ConfigResolver).</summary>
    private static ServeOptions Resolve(ParseResult parse) =>
        CliConfig.Resolve(
            parse,
            (ConfigSettings.Grpc, Grpc),
            (ConfigSettings.Http, Http),
            (ConfigSettings.Ui, Ui),
            (ConfigSettings.Metrics, Metrics),
            (ConfigSettings.ApiKey, ApiKey),
            (ConfigSettings.Insecure, Insecure),
            (ConfigSettings.LogFormat, LogFormat),
            (ConfigSettings.TlsCertificate, TlsCert),
            (ConfigSettings.TlsKey, TlsKey),
            (ConfigSettings.TlsClientCa, TlsClientCa),
            (ConfigSettings.RedactionEnabled, CommonOptions.NoRedact)).Config.ToServeOptions();
}
