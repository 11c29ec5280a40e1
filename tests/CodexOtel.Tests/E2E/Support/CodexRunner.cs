using System.Diagnostics;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>The outcome of one <c>codex exec</c>.</summary>
public sealed record CodexRun(int ExitCode, string Stdout, string Stderr, string CodexHome)
{
    public override string ToString() => new ProcessResult(ExitCode, Stdout, Stderr).ToString();
}

/// <summary>
/// Runs the real Codex CLI, <c>codex exec</c>, in a private sandbox: its own CODEX_HOME (config.toml, rollouts),
/// HOME and working directory, all deleted on dispose, and an environment without the caller's OTEL_/OPENAI_/CODEX_ variables.
/// </summary>
public sealed class CodexRunner : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    private readonly TempDirectory _root = new("codex");

    public CodexRunner()
    {
        CodexHome = _root.Sub("codex-home");
        Home = _root.Sub("home");
        WorkDir = _root.Sub("work");
    }

    public string CodexHome { get; }

    public string Home { get; }

    public string WorkDir { get; }

    public async Task<CodexRun> ExecAsync(
        string prompt, Uri modelBaseUrl, CodexTelemetry telemetry, TimeSpan? timeout = null)
    {
        await File.WriteAllTextAsync(Path.Combine(CodexHome, "config.toml"), CodexConfig.Toml(modelBaseUrl, telemetry));

        var start = new ProcessStartInfo(CodexInstallation.Executable())
        {
            WorkingDirectory = WorkDir,
            ArgumentList = { "exec", "--skip-git-repo-check", prompt },
        };
        foreach (var name in start.Environment.Keys.Where(IsInherited).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["CODEX_HOME"] = CodexHome;
        start.Environment["HOME"] = Home;
        start.Environment["MOCK_API_KEY"] = "test-key";
        start.Environment["NO_COLOR"] = "1";

        var result = await ChildProcess.RunAsync(start, timeout ?? DefaultTimeout);
        return new CodexRun(result.ExitCode, result.Stdout, result.Stderr, CodexHome);
    }

    public void Dispose() => _root.Dispose();

    private static bool IsInherited(string name) =>
        name.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("OPENAI_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("CODEX_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("RUST_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("XDG_", StringComparison.OrdinalIgnoreCase);
}
