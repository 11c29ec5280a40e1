using System.Runtime.InteropServices;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>Finds the Codex CLI that <c>npm ci --prefix tests/clients</c> installs.</summary>
public static class CodexInstallation
{
    public const string InstallHint = "run npm ci --prefix tests/clients";

    /// <summary>The native binary from the platform package (what the npm launcher would exec).</summary>
    public static string Executable()
    {
        var (package, triple) = Platform();
        var exe = RepoRoot.Combine(
            "tests", "clients", "node_modules", "@openai", package, "vendor", triple, "bin",
            OperatingSystem.IsWindows() ? "codex.exe" : "codex");
        if (!File.Exists(exe))
        {
            throw new InvalidOperationException($"Codex CLI not found at {exe}: {InstallHint}");
        }

        return exe;
    }

    private static (string Package, string Triple) Platform() =>
        (OperatingSystem.IsLinux(), OperatingSystem.IsMacOS(), RuntimeInformation.OSArchitecture) switch
        {
            (true, _, Architecture.X64) => ("codex-linux-x64", "x86_64-unknown-linux-musl"),
            (true, _, Architecture.Arm64) => ("codex-linux-arm64", "aarch64-unknown-linux-musl"),
            (_, true, Architecture.X64) => ("codex-darwin-x64", "x86_64-apple-darwin"),
            (_, true, Architecture.Arm64) => ("codex-darwin-arm64", "aarch64-apple-darwin"),
            (_, _, Architecture.X64) => ("codex-win32-x64", "x86_64-pc-windows-msvc"),
            (_, _, Architecture.Arm64) => ("codex-win32-arm64", "aarch64-pc-windows-msvc"),
            _ => throw new PlatformNotSupportedException(RuntimeInformation.RuntimeIdentifier),
        };
}
