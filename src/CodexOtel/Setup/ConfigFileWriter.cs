using System.Globalization;
using System.Text;

namespace CodexOtel.Setup;

/// <summary>What writing config.toml did.</summary>
/// <param name="WrittenTo">The file written: config.toml, or the file it is a symbolic link to.</param>
/// <param name="Backup">The copy of the old file (config.toml.bak-&lt;UTC time&gt;, 0600); null when there was none.</param>
/// <param name="Tightened">The file's mode lost its group/other bits because it now holds an API key.</param>
internal sealed record ConfigWrite(string WrittenTo, string? Backup, bool Tightened);

/// <summary>
/// Replaces config.toml safely: the old file is copied to a private backup first, the new text goes to a temporary
/// file beside the real one (same mode, synced) and is renamed over it, so Codex never reads half a file. A symbolic
/// link (a dotfiles manager's) stays a link: its target is what gets replaced.
/// </summary>
internal static class ConfigFileWriter
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupAndOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The file's text (without a UTF-8 byte order mark), or null when it does not exist.</summary>
    public static string? Read(string path, out bool hadBom)
    {
        hadBom = false;
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        hadBom = bytes.AsSpan().StartsWith(Utf8Bom);
        return new UTF8Encoding(false, true).GetString(bytes, hadBom ? 3 : 0, bytes.Length - (hadBom ? 3 : 0));
    }

    public static ConfigWrite Write(string path, string text, bool hadBom, bool holdsSecret, DateTimeOffset now)
    {
        var target = File.Exists(path) && File.ResolveLinkTarget(path, returnFinalTarget: true) is { } link ? link.FullName : path;
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        string? backup = null;
        var mode = PrivateFile;
        if (File.Exists(target))
        {
            backup = BackupPath(path, now);
            Copy(target, backup);
            mode = OperatingSystem.IsWindows() ? mode : File.GetUnixFileMode(target);
        }

        var tightened = holdsSecret && (mode & GroupAndOther) != 0;
        if (tightened)
        {
            mode &= ~GroupAndOther;
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.codex-otel-{Environment.ProcessId}.tmp");
        try
        {
            using (var file = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OperatingSystem.IsWindows() ? null : PrivateFile,
            }))
            {
                if (hadBom)
                {
                    file.Write(Utf8Bom);
                }

                file.Write(new UTF8Encoding(false).GetBytes(text));
                file.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, mode);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return new ConfigWrite(target, backup, tightened);
    }

    /// <summary>config.toml.bak-20261123T184011Z (a second run within the same second gets -2, -3, …).</summary>
    private static string BackupPath(string path, DateTimeOffset now)
    {
        var stem = $"{path}.bak-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        var candidate = stem;
        for (var n = 2; File.Exists(candidate); n++)
        {
            candidate = $"{stem}-{n}";
        }

        return candidate;
    }

    private static void Copy(string from, string to)
    {
        using var source = new FileStream(from, FileMode.Open, FileAccess.Read);
        using var copy = new FileStream(to, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = OperatingSystem.IsWindows() ? null : PrivateFile,
        });
        source.CopyTo(copy);
        copy.Flush(flushToDisk: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(to, PrivateFile);
        }
    }
}
