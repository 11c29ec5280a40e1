using CodexOtel.Tests.Cli;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Setup;

/// <summary>Runs <c>codex-otel</c> with HOME, XDG_CONFIG_HOME and the CODEX_/CODEX_OTEL_ variables of its own.</summary>
internal static class IsolatedCli
{
    public static Task<ProcessResult> RunAsync(TempDirectory sandbox, params string[] args) =>
        RunAsync(sandbox, new Dictionary<string, string>(), args);

    public static Task<ProcessResult> RunAsync(TempDirectory sandbox, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        CliRunner.RunAsync(Environment(sandbox, environment), args);

    /// <summary>HOME and XDG folders inside the sandbox, and none of codex-otel's or Codex's variables.</summary>
    public static Dictionary<string, string> Environment(TempDirectory sandbox, IReadOnlyDictionary<string, string>? environment = null)
    {
        // Empty means unset to codex-otel.
        var isolated = new Dictionary<string, string>
        {
            ["HOME"] = sandbox.Sub("home"),
            ["XDG_CONFIG_HOME"] = sandbox.Sub("xdg-config"),
            ["XDG_DATA_HOME"] = sandbox.Sub("xdg-data"),
            ["CODEX_HOME"] = "",
            ["CODEX_OTEL_DATA"] = "",
            ["CODEX_OTEL_API_KEY"] = "",
            ["CODEX_OTEL_HTTP"] = "",
            ["CODEX_OTEL_GRPC"] = "",
            ["OTEL_EXPORTER_OTLP_COMPRESSION"] = "",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            isolated[name] = value;
        }

        return isolated;
    }
}
