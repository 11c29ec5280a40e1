namespace CodexOtel.Setup;

/// <summary>The data folder is private (0700, files 0600: prompts and tool output are in there) and has room to record.</summary>
internal static class DataFolderCheck
{
    /// <summary>Below this much free space the recorder will soon answer 503 (disk full).</summary>
    public const long MinimumFreeBytes = 1L << 30;

    private const UnixFileMode GroupAndOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static List<DoctorCheck> Run(string dataDir)
    {
        var checks = new List<DoctorCheck>();
        var folder = CodexHome.Display(dataDir);
        var quoted = CodexHome.ShellQuote(dataDir);
        if (!OperatingSystem.IsWindows())
        {
            var folderMode = File.GetUnixFileMode(dataDir);
            var open = Directory.EnumerateFiles(dataDir)
                .Where(f => (File.GetUnixFileMode(f) & GroupAndOther) != 0)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToList();
            if ((folderMode & GroupAndOther) != 0 || open.Count > 0)
            {
                var what = new List<string>();
                if ((folderMode & GroupAndOther) != 0)
                {
                    what.Add($"the folder is {DoctorText.Octal(folderMode)}");
                }

                if (open.Count > 0)
                {
                    what.Add($"{open.Count} file(s) can be read by others ({string.Join(", ", open.Take(3))}{(open.Count > 3 ? ", …" : "")})");
                }

                checks.Add(new DoctorCheck(
                    "permissions",
                    CheckStatus.Problem,
                    $"{folder} is not private — {string.Join("; ", what)}: prompts and tool output are in there",
                    $"chmod 700 {quoted} && chmod 600 {quoted}/*"));
            }
            else
            {
                checks.Add(new DoctorCheck("permissions", CheckStatus.Ok, $"{folder} is private (0700, files 0600)"));
            }
        }

        try
        {
            var drive = MountOf(dataDir);
            var free = drive.AvailableFreeSpace;
            checks.Add(free < MinimumFreeBytes
                ? new DoctorCheck(
                    "disk_space",
                    CheckStatus.Problem,
                    $"only {DoctorText.Bytes(free)} free on {drive.Name}: when it runs out the recorder refuses data (503) until space is freed",
                    $"free space on {drive.Name}, or record elsewhere: codex-otel serve --data DIR")
                : new DoctorCheck("disk_space", CheckStatus.Ok, $"{DoctorText.Bytes(free)} free on {drive.Name}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            checks.Add(new DoctorCheck("disk_space", CheckStatus.Info, $"free space unknown: {e.Message}"));
        }

        return checks;
    }

    /// <summary>The mounted file system a path is on (the mount point with the longest matching prefix).</summary>
    private static DriveInfo MountOf(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/') + "/";
        return DriveInfo.GetDrives()
            .Where(d => full.StartsWith(d.RootDirectory.FullName.TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(d => d.RootDirectory.FullName.Length) ?? new DriveInfo(path);
    }
}
