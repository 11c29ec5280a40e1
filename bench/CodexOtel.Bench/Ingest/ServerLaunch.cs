using System.Text.Json;

namespace CodexOtel.Bench.Ingest;

/// <summary>How to start one server under test: the real recorder, or this bench's discard sink.</summary>
internal sealed record ServerLaunch(string Label, string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    public static ServerLaunch Recorder(string executable, string dataDir, int grpcPort, int httpPort) => new(
        "codex-otel (ledger)",
        executable,
        ["serve", "--data", dataDir, "--grpc", $"127.0.0.1:{grpcPort}", "--http", $"127.0.0.1:{httpPort}"],
        new Dictionary<string, string>());

    /// <summary>
    /// The <c>sink</c> subcommand of this very executable, with the recorder's GC and tiering settings (every
    /// System.GC.* and the TieredPGO/TieredCompilation switches of its runtimeconfig.json) passed as DOTNET_ variables,
    /// so both servers run under the same runtime configuration.
    /// </summary>
    public static ServerLaunch DiscardSink(string recorderExecutable, string dataDir, int grpcPort, int httpPort) =>
        Bench("discard sink", recorderExecutable, dataDir, grpcPort, httpPort, []);

    /// <summary>The real ledger, hosted by this bench's <c>sink --ledger</c>: same code, and it reports GC totals.</summary>
    public static ServerLaunch LedgerInBench(string recorderExecutable, string dataDir, int grpcPort, int httpPort) =>
        Bench("ledger hosted in bench", recorderExecutable, dataDir, grpcPort, httpPort, ["--ledger"]);

    private static ServerLaunch Bench(string label, string recorderExecutable, string dataDir, int grpcPort, int httpPort, string[] extra)
    {
        var self = System.Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable this is");
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            arguments.Add(typeof(ServerLaunch).Assembly.Location);
        }

        arguments.AddRange(["sink", "--data", dataDir, "--grpc", $"127.0.0.1:{grpcPort}", "--http", $"127.0.0.1:{httpPort}"]);
        arguments.AddRange(extra);
        return new ServerLaunch(label, self, arguments, RuntimeSettingsOf(recorderExecutable));
    }

    private static Dictionary<string, string> RuntimeSettingsOf(string executable)
    {
        var settings = new Dictionary<string, string>();
        var config = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(executable))!, Path.GetFileNameWithoutExtension(executable) + ".runtimeconfig.json");
        if (!File.Exists(config))
        {
            return settings;
        }

        using var json = JsonDocument.Parse(File.ReadAllBytes(config));
        if (!json.RootElement.TryGetProperty("runtimeOptions", out var options) || !options.TryGetProperty("configProperties", out var properties))
        {
            return settings;
        }

        foreach (var property in properties.EnumerateObject())
        {
            var variable = property.Name switch
            {
                "System.GC.Server" => "DOTNET_gcServer",
                "System.GC.Concurrent" => "DOTNET_gcConcurrent",
                "System.Runtime.TieredPGO" => "DOTNET_TieredPGO",
                "System.Runtime.TieredCompilation" => "DOTNET_TieredCompilation",
                var name when name.StartsWith("System.GC.", StringComparison.Ordinal) => "DOTNET_GC" + name["System.GC.".Length..],
                _ => null,
            };
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.True => "1",
                JsonValueKind.False => "0",

                // The runtime reads numeric DOTNET_GC* variables as hexadecimal.
                JsonValueKind.Number when property.Value.TryGetInt64(out var number) => number.ToString("X", System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            };
            if (variable is not null && value is not null)
            {
                settings[variable] = value;
            }
        }

        return settings;
    }
}
