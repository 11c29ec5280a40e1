using System.Diagnostics;
using CodexOtel.Tests.E2E.Support;

namespace CodexOtel.Tests.Cli;

/// <summary>Runs the real <c>codex-otel</c> command as a user would, to completion.</summary>
internal static class CliRunner
{
    public static Task<ProcessResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    public static Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(environment, TimeSpan.FromSeconds(60), args);

    /// <summary>The same, failing with a <see cref="TimeoutException"/> when it does not finish within <paramref name="timeout"/>.</summary>
    public static Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args) =>
        RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [ServerProcess.ExecutablePath, .. args], environment, timeout);

    /// <summary>Another build of codex-otel (e.g. Native AOT), run as itself.</summary>
    public static Task<ProcessResult> RunExecutableAsync(string executable, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(executable, args, environment, TimeSpan.FromSeconds(60));

    private static Task<ProcessResult> RunAsync(string fileName, string[] args, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return ChildProcess.RunAsync(start, timeout);
    }

    /// <summary>A user-facing failure: exit 2, "error: …" on stderr, and no stack trace.</summary>
    public static void AssertUserError(ProcessResult result, string problem)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error: ", result.Stderr);
        Assert.Contains(problem, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    /// <summary>As <see cref="AssertUserError"/>, and with a <c>fix:</c> line, without the parser's help text or a "bug" note.</summary>
    public static void AssertUserErrorWithFix(ProcessResult result, string problem, string fix)
    {
        AssertUserError(result, problem);
        Assert.Contains("\n  fix: ", result.Stderr);
        Assert.Contains(fix, result.Stderr);
        Assert.DoesNotContain("bug in codex-otel", result.Stderr);
        Assert.DoesNotContain("Usage:", result.Stdout + result.Stderr);
    }
}
