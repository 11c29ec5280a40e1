using System.CommandLine;
using CodexOtel.Serve;

namespace CodexOtel.Sink;

/// <summary>
/// <c>codex-otel-sink --grpc A --http B [--data DIR] [--ledger]</c>: the recorder's own receivers (same Kestrel setup,
/// limits and decoding) in front of <see cref="DiscardSink"/>, until SIGTERM. Writes serve.json in the data folder
/// once listening, and the GC's totals when it stops.
/// </summary>
internal static class SinkCommand
{
    private static readonly Option<string> Grpc = new("--grpc") { Description = "OTLP/gRPC listen address", DefaultValueFactory = _ => "127.0.0.1:0" };
    private static readonly Option<string> Http = new("--http") { Description = "OTLP/HTTP listen address", DefaultValueFactory = _ => "127.0.0.1:0" };
    private static readonly Option<string?> Data = new("--data") { Description = "Folder for serve.json (default: a new temp folder)" };
    private static readonly Option<bool> Ledger = new("--ledger") { Description = "Keep the real ledger instead of discarding (the recorder hosted in the bench, to report GC totals)" };

    public static Task<int> RunAsync(string[] args)
    {
        var command = new RootCommand("The OTLP receivers of codex-otel with a decode-and-discard sink instead of the ledger");
        command.Options.Add(Grpc);
        command.Options.Add(Http);
        command.Options.Add(Data);
        command.Options.Add(Ledger);
        command.SetAction(RunAsync);
        return command.Parse(args).InvokeAsync();
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var dataDir = parse.GetValue(Data) ?? Directory.CreateTempSubdirectory("codex-otel-sink-").FullName;
        using var gc = new GcReport();
        var sink = parse.GetValue(Ledger) ? null : new DiscardSink();
        var options = new ServeOptions { DataDir = dataDir, GrpcAddress = parse.GetValue(Grpc)!, HttpAddress = parse.GetValue(Http)! };
        var host = await RecorderHost.StartAsync(options, sink, cancellationToken);
        Console.Out.WriteLine($"{(sink is null ? "ledger" : "discard sink")} listening: gRPC {host.State.Grpc}, HTTP {host.State.Http}");
        // The host stops itself on SIGTERM (and Ctrl-C); dispose exactly once after that.
        await host.WaitForShutdownAsync();
        await host.DisposeAsync();
        Console.Out.WriteLine(gc.Line());
        Console.Out.Flush();
        return 0;
    }
}
