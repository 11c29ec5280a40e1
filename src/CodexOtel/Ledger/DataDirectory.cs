namespace CodexOtel.Ledger;

/// <summary>
/// The folder that holds one recorder's ledger. Everything in it is private to the user (0700 folder, 0600 files):
/// prompts and tool output are sensitive.
/// </summary>
public sealed class DataDirectory
{
    public const UnixFileMode PrivateFolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private DataDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>
    /// Where the data folder is when nothing says otherwise: $XDG_DATA_HOME/codex-otel, else ~/.local/share/codex-otel.
    /// (--data, CODEX_OTEL_DATA and the config file's data are settings: see Config/ConfigSettings.)
    /// </summary>
    public static string DefaultPath()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var dataHome = string.IsNullOrWhiteSpace(xdg)
            ? System.IO.Path.Combine(Home(), ".local", "share")
            : xdg;
        return System.IO.Path.Combine(dataHome, "codex-otel");
    }

    /// <summary>A folder as given (<c>~</c> is the home folder; relative to the current folder) as a full path.</summary>
    public static string FullPath(string path) => System.IO.Path.GetFullPath(ExpandHome(path));

    /// <summary>Opens the folder for writing, creating it (0700) when missing and tightening its mode when looser.</summary>
    /// <exception cref="DataFolderException">the path names something that is not a folder</exception>
    public static DataDirectory OpenForWriting(string path)
    {
        if (File.Exists(path))
        {
            throw new DataFolderException(
                $"the data folder {path} is a file, not a folder.",
                "give a folder with --data DIR (codex-otel creates it when missing), or move the file away");
        }

        Directory.CreateDirectory(path, PrivateFolderMode);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, PrivateFolderMode);
        }

        return new DataDirectory(path);
    }

    /// <summary>Opens an existing folder for reading only.</summary>
    public static DataDirectory OpenExisting(string path) => new(path);

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Options for a new private file: 0600 whatever the umask allows beyond that.</summary>
    public static FileStreamOptions PrivateFile(FileMode mode, FileAccess access) => new()
    {
        Mode = mode,
        Access = access,
        Share = FileShare.ReadWrite | FileShare.Delete,
        BufferSize = 0,
        UnixCreateMode = OperatingSystem.IsWindows() || mode == FileMode.Open ? null : PrivateFileMode,
    };

    private static string Home() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) ? Home() + path[1..] : path;
}
