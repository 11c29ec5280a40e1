namespace CodexOtel.Tests.E2E.Support;

/// <summary>The checkout the tests run from: the directory holding CodexOtel.slnx.</summary>
public static class RepoRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        // The test assembly lives under the checkout; the working directory is a fallback for tools run from it.
        string[] starts = [AppContext.BaseDirectory, Environment.CurrentDirectory];
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "CodexOtel.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No CodexOtel.slnx above {AppContext.BaseDirectory}.");
    }
}
