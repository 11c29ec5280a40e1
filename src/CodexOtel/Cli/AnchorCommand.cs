using System.CommandLine;
using System.Diagnostics;
using CodexOtel.Ledger;
using CodexOtel.Ledger.Anchors;
using CodexOtel.Otlp;

namespace CodexOtel.Cli;

/// <summary>
/// <c>codex-otel anchor --to FILE | --exec CMD</c>: hands the ledger's chain heads, with the time, to somewhere the
/// ledger's owner cannot quietly rewrite, so that <c>verify --anchors</c> can later prove nothing anchored changed.
/// </summary>
internal static class AnchorCommand
{
    private const string Why =
        "An anchor kept in the data folder is worthless: whoever can rewrite the ledger and its chain together can rewrite it too.";

    private static readonly Option<string?> To = new("--to")
    {
        Description = "Append the anchor (one JSON line) to this file, created 0600; keep it outside the data folder, e.g. on another machine or medium",
    };

    private static readonly Option<string?> Exec = new("--exec")
    {
        Description = "Run this shell command with the anchor (one JSON line) on stdin, e.g. a commit in another git repository; it must exit 0",
    };

    public static Command Create()
    {
        var command = new Command("anchor", "Record the chain heads outside the ledger, so that verify --anchors catches a rewrite of data and chain together. " + Why);
        command.Options.Add(To);
        command.Options.Add(Exec);
        command.SetAction(parse => CommandRunner.RunAsync(() => RunAsync(parse)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse)
    {
        var to = parse.GetValue(To);
        var exec = parse.GetValue(Exec);
        if (string.IsNullOrWhiteSpace(to) && string.IsNullOrWhiteSpace(exec))
        {
            throw new UserError(
                "anchor needs a place outside the ledger to keep the chain heads: --to FILE or --exec \"CMD\". " + Why,
                "codex-otel anchor --to /mnt/backup/codex-otel.anchors, or --exec \"git -C ~/anchors commit --allow-empty -F -\"");
        }

        var folder = CliConfig.DataDir(parse);
        if (!Directory.Exists(folder))
        {
            throw new UserError($"there is no ledger at {folder}.", "run codex-otel serve first, or give --data DIR");
        }

        var anchor = new ChainAnchor(DateTimeOffset.UtcNow, folder, ChainHead.ReadAll(folder));
        var line = anchor.ToJsonLine();
        if (!string.IsNullOrWhiteSpace(to))
        {
            Append(to, folder, line);
        }

        if (!string.IsNullOrWhiteSpace(exec))
        {
            await RunCommandAsync(exec, line);
        }

        foreach (var head in anchor.Heads)
        {
            Console.WriteLine($"⚓ {head.Signal.FileStem(),-8} entry {head.Entries,9:N0}  {head.Hash}");
        }

        var where = string.Join(" and ", new[] { to is { Length: > 0 } ? $"appended to {to}" : null, exec is { Length: > 0 } ? $"handed to `{exec}`" : null }.OfType<string>());
        Console.WriteLine($"anchored at {anchor.Time.UtcDateTime:u}: {where}. `codex-otel verify --anchors FILE` checks the ledger still holds it.");
        return 0;
    }

    private static void Append(string to, string folder, byte[] line)
    {
        var path = Path.GetFullPath(to);
        var data = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (path.StartsWith(data, StringComparison.Ordinal))
        {
            throw new UserError($"--to {to} is inside the data folder {folder}. {Why}", "give a file on another disk, machine or account (or use --exec to commit it elsewhere)");
        }

        try
        {
            using var file = new FileStream(path, DataDirectory.PrivateFile(FileMode.Append, FileAccess.Write));
            file.Write(line);
            file.WriteByte((byte)'\n');
            file.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"cannot append the anchor to {to}: {e.Message}", "give a file you can write with --to");
        }
    }

    private static async Task RunCommandAsync(string command, byte[] line)
    {
        var start = OperatingSystem.IsWindows() ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/c", command } } : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command } };
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new UserError($"could not start `{command}`.", "check the command given to --exec");
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(line);
            process.StandardInput.BaseStream.WriteByte((byte)'\n');
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command did not read all of its input: its exit code says whether it kept the anchor.
        }

        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new UserError(
                $"the anchor command `{command}` exited with {process.ExitCode}, so the anchor may not have been kept.",
                "fix the command (it gets the anchor as one JSON line on stdin) and run codex-otel anchor again");
        }
    }
}
