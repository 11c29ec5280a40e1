namespace CodexOtel.Setup;

/// <summary>Codex's home folder: <c>--codex-home</c>, else <c>$CODEX_HOME</c>, else <c>~/.codex</c> (as Codex itself resolves it).</summary>
internal sealed record CodexHome(string Path, bool IsDefault)
{
    public string ConfigPath => System.IO.Path.Combine(Path, "config.toml");

    public static CodexHome Resolve(string? explicitPath)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return new CodexHome(System.IO.Path.GetFullPath(ExpandHome(explicitPath)), false);
        }

        var fromEnv = Environment.GetEnvironmentVariable("CODEX_HOME");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return new CodexHome(System.IO.Path.GetFullPath(ExpandHome(fromEnv)), false);
        }

        return new CodexHome(System.IO.Path.Combine(Home(), ".codex"), true);
    }

    /// <summary>A path as a person reads it: ~/… under the home folder.</summary>
    public static string Display(string path)
    {
        var home = Home();
        return home.Length > 1 && path.StartsWith(home + "/", StringComparison.Ordinal) ? "~" + path[home.Length..] : path;
    }

    /// <summary>An argument as a shell reads it: quoted when it holds anything but plain path characters.</summary>
    public static string ShellQuote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "/._-~:=+@,".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Home() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) ? Home() + path[1..] : path;
}
