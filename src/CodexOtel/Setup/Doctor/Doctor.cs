using CodexOtel.Config;
using CodexOtel.Otlp;

namespace CodexOtel.Setup;

/// <summary>
/// <c>codex-otel doctor</c>: follows the path a record takes — codex-otel's config, the recorder's ports, Codex's
/// config, the ledger — and says for each step whether it works, with the command that fixes it when it does not.
/// Each step is a check of its own; this composes them.
/// </summary>
internal static class Doctor
{
    public static async Task<DoctorReport> RunAsync(DoctorOptions options, CancellationToken cancellationToken = default)
    {
        // Every problem at once; a bad value falls back to the next source so the other checks can still run.
        var config = ConfigResolver.ResolveAll(options.Config);
        var checks = new List<DoctorCheck>(ConfigCheck.Run(config));
        var home = CodexHome.Resolve(options.CodexHomeOption);
        var target = RecorderTarget.Resolve(config).PresentingCodexCertificate(home);
        var commands = new FixCommands(options);

        var recorder = await RecorderCheck.RunAsync(target, commands, cancellationToken);
        checks.Add(recorder.Check);
        checks.AddRange(CodexConfigCheck.Run(home, target, recorder.RequiresApiKey, commands));
        checks.AddRange(EnvironmentCheck.Run());
        checks.AddRange(RedactionCheck.Run(config));

        // Permissions first, and the index only when the folder is private: opening it would tighten the mode.
        var folderExists = Directory.Exists(target.DataDir);
        var folderChecks = folderExists ? DataFolderCheck.Run(target.DataDir) : [];
        var activity = folderExists ? SignalActivity.Read(target.DataDir) : [.. SignalNames.All.Select(s => new SignalActivity(s, null, null, null))];
        var latest = folderExists && folderChecks.All(c => c.Status != CheckStatus.Problem || c.Name != "permissions")
            ? await LastDataCheck.LatestConversationAsync(target.DataDir, cancellationToken)
            : null;
        checks.Add(LastDataCheck.Run(target.DataDir, folderExists, activity, latest, options.Now, commands));
        checks.AddRange(folderChecks);
        checks.Add(ClockCheck.Run(activity, options.Now));
        return new DoctorReport(target, home, checks, activity, latest);
    }
}
