using System.Diagnostics;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>
/// codex-otel published with Native AOT for linux-x64, as the README installs it, once for the tests that use it
/// (about two minutes on two cores). The build folders are its own, so the test run's own build is not touched.
/// </summary>
public sealed class NativeAotBuild : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    private readonly TempDirectory _root = new("aot-build");

    public string Executable => System.IO.Path.Combine(_root.Path, "out", "codex-otel");

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList =
            {
                "publish", RepoRoot.Combine("src", "CodexOtel", "CodexOtel.csproj"), "-c", "Release", "-r", "linux-x64",
                "-p:PublishAot=true", "--artifacts-path", System.IO.Path.Combine(_root.Path, "build"),
                "-o", System.IO.Path.Combine(_root.Path, "out"), "-nologo",
            },
        };
        var publish = await ChildProcess.RunAsync(start, PublishTimeout);
        if (publish.ExitCode != 0 || !File.Exists(Executable))
        {
            throw new InvalidOperationException($"the Native AOT publish failed (it needs clang and zlib1g-dev)\n{publish}");
        }
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }
}
