using System.Globalization;
using System.Net;
using CodexOtel.Codex;
using CodexOtel.Otlp;
using CodexOtel.Serve;
using CodexOtel.Store;

namespace CodexOtel.Setup;

internal enum CheckStatus
{
    Ok,
    Problem,

    /// <summary>Worth knowing, not wrong (e.g. nothing recorded yet).</summary>
    Info,
}

/// <summary>One line of <c>doctor</c>: what was checked, how it stands, and for a problem the command that fixes it.</summary>
internal sealed record DoctorCheck(string Name, CheckStatus Status, string Message, string? Fix = null)
{
    public IReadOnlyList<string> Details { get; init; } = [];
}

/// <summary>What <c>doctor</c> found.</summary>
internal sealed record DoctorReport(
    RecorderTarget Target,
    CodexHome Home,
    IReadOnlyList<DoctorCheck> Checks,
    IReadOnlyList<SignalActivity> Activity,
    ConversationSummary? LatestConversation)
{
    public bool Ok => Checks.All(c => c.Status != CheckStatus.Problem);

    public int Problems => Checks.Count(c => c.Status == CheckStatus.Problem);
}

/// <summary>Where doctor looks, and its clock.</summary>
internal sealed record DoctorOptions(string? DataOption, string? CodexHomeOption, DateTimeOffset Now);

/// <summary>
/// <c>codex-otel doctor</c>: follows the path a record takes — Codex's config, the recorder's ports, the ledger — and
/// says for each step whether it works, with the command that fixes it when it does not.
/// </summary>
internal static class Doctor
{
    /// <summary>Below this much free space the recorder will soon answer 503 (disk full).</summary>
    public const long MinimumFreeBytes = 1L << 30;

    /// <summary>A record stamped this far after it was stored means the sender's clock is ahead.</summary>
    public static readonly TimeSpan ClockAheadLimit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A record stamped this far before it was stored: the sender's clock is behind, or it sent very late (Codex
    /// exports within seconds, but batches at exit, so a long session is allowed some lag).
    /// </summary>
    public static readonly TimeSpan ClockBehindLimit = TimeSpan.FromHours(1);

    private const UnixFileMode GroupAndOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static async Task<DoctorReport> RunAsync(DoctorOptions options, CancellationToken cancellationToken = default)
    {
        var checks = new List<DoctorCheck>();
        ServeConfigFile? serveConfig = null;
        try
        {
            serveConfig = ServeConfigFile.Load(null);
        }
        catch (ServeException e)
        {
            checks.Add(new DoctorCheck("serve_config", CheckStatus.Problem, e.Message, e.Fix));
        }

        RecorderTarget target;
        try
        {
            target = RecorderTarget.Resolve(options.DataOption, null, serveConfig);
        }
        catch (ServeException e)
        {
            checks.Add(new DoctorCheck("serve_config", CheckStatus.Problem, e.Message, e.Fix));
            target = RecorderTarget.Resolve(options.DataOption, null, null);
        }

        var home = CodexHome.Resolve(options.CodexHomeOption);
        var commands = new FixCommands(options);

        var recorder = await CheckRecorderAsync(target, commands, cancellationToken);
        checks.Add(recorder.Check);
        checks.AddRange(CheckCodexConfig(home, target, recorder.RequiresApiKey, commands));
        checks.AddRange(CheckEnvironment());

        // Permissions first, and the index only when the folder is private: opening it would tighten the mode.
        var folderExists = Directory.Exists(target.DataDir);
        var folderChecks = folderExists ? CheckDataFolder(target.DataDir) : [];
        var activity = folderExists ? SignalActivity.Read(target.DataDir) : [.. SignalNames.All.Select(s => new SignalActivity(s, null, null, null))];
        var latest = folderExists && folderChecks.All(c => c.Status != CheckStatus.Problem || c.Name != "permissions")
            ? await LatestConversationAsync(target.DataDir, cancellationToken)
            : null;
        checks.Add(CheckLastData(target.DataDir, folderExists, activity, latest, options.Now, commands));
        checks.AddRange(folderChecks);
        checks.Add(CheckClock(activity, options.Now));
        return new DoctorReport(target, home, checks, activity, latest);
    }

    // ---- the recorder ----

    private sealed record RecorderCheck(DoctorCheck Check, bool RequiresApiKey);

    private static async Task<RecorderCheck> CheckRecorderAsync(RecorderTarget target, FixCommands commands, CancellationToken cancellationToken)
    {
        var grpc = RecorderTarget.ClientAddress(target.GrpcAddress);
        var http = RecorderTarget.ClientAddress(target.HttpAddress);
        var grpcProbe = RecorderProbe.Http2Async(grpc, cancellationToken);
        var httpProbe = RecorderProbe.HttpAsync(http, null, cancellationToken);
        var (g, h) = (await grpcProbe, await httpProbe);

        // Asked without a key first, to learn whether one is required; then with the key codex-otel knows, if any.
        var requiresKey = h.Outcome == ProbeOutcome.NeedsApiKey;
        if (requiresKey && target.ApiKey is not null)
        {
            h = await RecorderProbe.HttpAsync(http, target.ApiKey, cancellationToken);
        }

        var folder = CodexHome.Display(target.DataDir);

        if (target.Running is { } serve)
        {
            var answers = g.Outcome == ProbeOutcome.Answers && (h.Outcome == ProbeOutcome.Answers || (h.Outcome == ProbeOutcome.NeedsApiKey && target.ApiKey is null));
            if (answers)
            {
                var key = requiresKey ? "; it requires an API key" : "";
                return new RecorderCheck(
                    new DoctorCheck("recorder", CheckStatus.Ok, $"recorder answers on {grpc} (gRPC) and {http} (HTTP) — serve pid {serve.Pid}, recording to {folder}{key}"),
                    requiresKey);
            }

            var broken = new List<string>();
            if (g.Outcome != ProbeOutcome.Answers)
            {
                broken.Add($"gRPC {grpc}: {g.Detail}");
            }

            if (h.Outcome != ProbeOutcome.Answers)
            {
                broken.Add($"HTTP {http}: {h.Detail}");
            }

            var fix = h.Outcome == ProbeOutcome.NeedsApiKey && target.ApiKey is not null
                ? "set CODEX_OTEL_API_KEY to the key serve was started with"
                : $"restart the recorder: stop pid {serve.Pid}, then {commands.Serve}";
            return new RecorderCheck(
                new DoctorCheck("recorder", CheckStatus.Problem, $"serve (pid {serve.Pid}, {folder}) runs but does not answer as it should — {string.Join("; ", broken)}", fix),
                requiresKey);
        }

        // Not running: serve will want the key it is configured with (CODEX_OTEL_API_KEY or its config file).
        requiresKey |= target.ApiKey is not null;
        var why = target.Stale is { } stale
            ? $"its serve.json names pid {stale.Pid}, which is no longer running"
            : $"no serve.json in {folder}";
        var message = $"the recorder is not running ({why})";
        var details = new List<string>();
        if (h.Outcome is ProbeOutcome.Answers or ProbeOutcome.NeedsApiKey)
        {
            details.Add($"something answers OTLP on {http}: a recorder for another data folder? check it with codex-otel doctor --data DIR");
        }
        else if (h.Outcome == ProbeOutcome.Wrong)
        {
            var free = Port(http) is var port and > 0 and <= 55535 ? port + 10000 : 14318;
            details.Add($"{http} is taken by another program ({h.Detail}): serve needs another port, e.g. codex-otel serve --http 127.0.0.1:{free}");
        }

        return new RecorderCheck(
            new DoctorCheck("recorder", CheckStatus.Problem, message, commands.Serve) { Details = details },
            requiresKey);
    }

    // ---- Codex's config ----

    private static IEnumerable<DoctorCheck> CheckCodexConfig(CodexHome home, RecorderTarget target, bool requiresKey, FixCommands commands)
    {
        var path = home.ConfigPath;
        var shown = CodexHome.Display(path);
        string? text;
        try
        {
            text = ConfigFileWriter.Read(path, out _);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            return [new DoctorCheck("codex_config", CheckStatus.Problem, $"cannot read {shown}: {e.Message}", $"check the file's permissions: ls -l {CodexHome.ShellQuote(path)}")];
        }

        if (text is null)
        {
            return [new DoctorCheck("codex_config", CheckStatus.Problem, $"{shown} does not exist: Codex sends no telemetry here", commands.Setup)];
        }

        CodexOtelSettings settings;
        try
        {
            TomlText.Parse(text, path);
            settings = CodexOtelSettings.Read(text);
        }
        catch (TomlSyntaxException e)
        {
            return [new DoctorCheck(
                "codex_config",
                CheckStatus.Problem,
                $"{shown} is not valid TOML (line {e.Line}, column {e.Column}: {e.Problem}); Codex cannot read it either",
                $"correct line {e.Line} of {shown}, then run {commands.Setup}")];
        }
        catch (Tomlyn.TomlException e)
        {
            return [new DoctorCheck("codex_config", CheckStatus.Problem, $"{shown} cannot be read: {TomlText.Problem(e)}", $"correct {shown}")];
        }

        var checks = new List<DoctorCheck>();
        if (settings.Exporters.All(e => e.Kind == ExporterKind.Missing))
        {
            return [new DoctorCheck(
                "codex_config",
                CheckStatus.Problem,
                $"{shown} has no exporters in [otel]: Codex sends no logs or traces, and its metrics go to its default remote endpoint, not here",
                commands.Setup)];
        }

        var good = new List<CodexExporter>();
        var issues = new List<(Signal Signal, ExporterIssue Issue)>();
        foreach (var exporter in settings.Exporters)
        {
            if (ExporterProblem(exporter, target, requiresKey) is { } issue)
            {
                issues.Add((exporter.Signal, issue));
            }
            else
            {
                good.Add(exporter);
            }
        }

        // Exporters with the same problem share a line: "logs, traces and metrics go to …".
        foreach (var group in issues.GroupBy(i => i.Issue))
        {
            var fix = group.Key.NeedsKey ? $"{commands.Setup} --api-key KEY (the key serve runs with)" : commands.Setup;
            var subjects = group.Key.Subject ?? Join(group.Select(i => i.Signal.FileStem()));
            checks.Add(new DoctorCheck("codex_config", CheckStatus.Problem, $"{subjects} {group.Key.Predicate}", fix));
        }

        var prompts = settings.LogUserPrompt == true ? "prompts verbatim" : "prompts redacted";
        if (good.Count > 0)
        {
            var signals = Join(good.Select(e => e.Signal.FileStem()));
            var how = string.Join(", ", good.Select(Transport).Distinct());
            checks.Insert(0, new DoctorCheck("codex_config", CheckStatus.Ok, $"{shown} sends {signals} to it ({how}); {prompts}"));
        }

        return checks;
    }

    /// <summary>What is wrong with an exporter: "{signals} {predicate}", or "{subject} {predicate}" when it names its own subject.</summary>
    private sealed record ExporterIssue(string Predicate, bool NeedsKey = false, string? Subject = null);

    private static ExporterIssue? ExporterProblem(CodexExporter exporter, RecorderTarget target, bool requiresKey)
    {
        switch (exporter.Kind)
        {
            case ExporterKind.Missing when exporter.Signal == Signal.Metrics:
                return new("go to Codex's default remote endpoint, not here (no metrics_exporter in [otel])");
            case ExporterKind.Missing:
                return new($"are not exported: [otel] has no {exporter.Key}");
            case ExporterKind.None:
                return new($"are not exported: {exporter.Key} = \"none\"");
            case ExporterKind.Statsig:
                return new("go to Codex's default remote endpoint (statsig), not here");
            case ExporterKind.Invalid:
                return new($"{exporter.Problem} — Codex rejects this", Subject: $"otel.{exporter.Key}:");
        }

        var grpc = exporter.Kind == ExporterKind.OtlpGrpc;
        if (!Uri.TryCreate(exporter.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return new($"endpoint \"{exporter.Endpoint}\" is not an http:// URL", Subject: $"otel.{exporter.Key}");
        }

        var listens = target.Running is null ? "serve would listen on" : "the recorder listens on";
        var expected = RecorderTarget.ClientAddress(grpc ? target.GrpcAddress : target.HttpAddress);
        var other = RecorderTarget.ClientAddress(grpc ? target.HttpAddress : target.GrpcAddress);
        if (uri.Port == Port(other) && uri.Port != Port(expected))
        {
            return grpc
                ? new($"go over otlp-grpc to {uri.Authority}, the recorder's OTLP/HTTP port (gRPC is {expected})")
                : new($"go over otlp-http to {uri.Authority}, the recorder's gRPC port (OTLP/HTTP is {expected})");
        }

        if (uri.Port != Port(expected) || !SameHost(uri, grpc ? target.GrpcAddress : target.HttpAddress))
        {
            return new($"go to {uri.Authority}, but {listens} {expected}{(target.Running is null ? $" ({target.AddressSource})" : "")}");
        }

        if (uri.Scheme == "https")
        {
            return new($"go to {uri.Authority} over https, but the recorder speaks plain http");
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (!grpc && path.Length > 0 && path != exporter.Signal.HttpPath())
        {
            return new($"are posted to {uri.AbsolutePath}, which is not their path ({exporter.Signal.HttpPath()})", Subject: exporter.Signal.FileStem());
        }

        if (requiresKey)
        {
            var sent = Receivers.ApiKeyCheck.PresentedKey(exporter.Header("authorization"), exporter.Header("x-api-key"));
            if (sent is null)
            {
                return new("are sent without the API key the recorder requires", NeedsKey: true);
            }

            if (target.ApiKey is not null && sent != target.ApiKey)
            {
                return new($"are sent with another API key than the one in {target.ApiKeySource}", NeedsKey: true);
            }
        }

        return null;
    }

    private static string Transport(CodexExporter exporter) =>
        exporter.Kind == ExporterKind.OtlpGrpc ? "otlp-grpc" : $"otlp-http {exporter.Protocol}";

    /// <summary>Whether a client sending to <paramref name="uri"/> reaches a recorder listening on <paramref name="listenAddress"/>.</summary>
    private static bool SameHost(Uri uri, string listenAddress)
    {
        static bool Loopback(string h) =>
            h.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(h, out var a) && IPAddress.IsLoopback(a));

        var host = uri.Host.Trim('[', ']');
        var colon = listenAddress.LastIndexOf(':');
        var listening = (colon > 0 ? listenAddress[..colon] : listenAddress).Trim('[', ']');
        if (string.Equals(host, listening, StringComparison.OrdinalIgnoreCase) ||
            (IPAddress.TryParse(listening, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))))
        {
            return true;
        }

        // A loopback listener is reached only over loopback; one on another address by that address or a name for it.
        return Loopback(listening) ? Loopback(host) : !Loopback(host);
    }

    private static int Port(string hostPort) =>
        int.TryParse(hostPort.AsSpan(hostPort.LastIndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : -1;

    // ---- this shell ----

    private static IEnumerable<DoctorCheck> CheckEnvironment()
    {
        // Codex 0.169 is built without gzip: asked to compress, it silently exports nothing.
        if (Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_COMPRESSION") is { Length: > 0 } compression &&
            !compression.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            yield return new DoctorCheck(
                "environment",
                CheckStatus.Problem,
                $"OTEL_EXPORTER_OTLP_COMPRESSION={compression} is set in this shell: Codex 0.169 then silently exports nothing",
                "unset OTEL_EXPORTER_OTLP_COMPRESSION");
        }
    }

    // ---- the ledger ----

    private static DoctorCheck CheckLastData(
        string dataDir, bool exists, IReadOnlyList<SignalActivity> activity, ConversationSummary? latest, DateTimeOffset now, FixCommands commands)
    {
        var folder = CodexHome.Display(dataDir);
        if (!exists || activity.All(a => a.Never))
        {
            return new DoctorCheck("last_data", CheckStatus.Info, $"nothing recorded yet in {folder}: use Codex once, then run codex-otel doctor again");
        }

        var parts = activity.Select(a => a.Never
            ? $"{a.Signal.FileStem()} never"
            : $"{a.Signal.FileStem()} {Ago(a.Written!.Value, now)}{(a.Conversation is { } c ? $" (conversation {ShortId(c)})" : "")}");
        var details = new List<string>();
        if (latest is not null)
        {
            details.Add($"latest conversation in the index: {latest.Id}, started {Ago(latest.Started, now)}" +
                        (latest.FirstPrompt is { Length: > 0 } prompt ? $" — \"{OneLine(prompt, 60)}\"" : "") +
                        $" ({commands.Show})");
        }

        var status = activity.Any(a => a.Never) ? CheckStatus.Info : CheckStatus.Ok;
        return new DoctorCheck("last_data", status, $"last data: {string.Join(", ", parts)}") { Details = details };
    }

    private static async Task<ConversationSummary?> LatestConversationAsync(string dataDir, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(dataDir, "index.sqlite")))
        {
            return null;
        }

        try
        {
            using var store = ConversationStores.Open(dataDir);
            return (await store.ListAsync(new ConversationQuery { Limit = 1 }, cancellationToken)).Conversations.FirstOrDefault();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The index is derived and rebuildable; doctor reports on the ledger.
            return null;
        }
    }

    private static List<DoctorCheck> CheckDataFolder(string dataDir)
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
                    what.Add($"the folder is {Octal(folderMode)}");
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
                    $"only {Bytes(free)} free on {drive.Name}: when it runs out the recorder refuses data (503) until space is freed",
                    $"free space on {drive.Name}, or record elsewhere: codex-otel serve --data DIR")
                : new DoctorCheck("disk_space", CheckStatus.Ok, $"{Bytes(free)} free on {drive.Name}"));
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

    /// <summary>
    /// Compares the newest record's own time (the client's clock) with when its line was stored (this machine's
    /// clock, the chain file's mtime), and that mtime with now. Skipped when nothing is recorded.
    /// </summary>
    private static DoctorCheck CheckClock(IReadOnlyList<SignalActivity> activity, DateTimeOffset now)
    {
        var newest = activity.Where(a => a.Written is not null).MaxBy(a => a.Written);
        if (newest is null)
        {
            return new DoctorCheck("clock", CheckStatus.Info, "clock: not checked — nothing recorded yet to compare");
        }

        var written = newest.Written!.Value;
        if (written - now > ClockAheadLimit)
        {
            return new DoctorCheck(
                "clock",
                CheckStatus.Problem,
                $"the newest ledger line was stored {Span(written - now)} in the future: this machine's clock was set back since",
                "check this machine's clock: timedatectl status");
        }

        if (newest.NewestRecord is not { } stamped)
        {
            return new DoctorCheck("clock", CheckStatus.Info, "clock: not checked — the newest records carry no time");
        }

        var skew = stamped - written;
        if (skew > ClockAheadLimit)
        {
            return new DoctorCheck(
                "clock",
                CheckStatus.Problem,
                $"the clock of the machine running Codex is {Span(skew)} ahead: its newest {newest.Signal.FileStem()} record is stamped {Span(skew)} after it was stored",
                "sync that machine's clock: timedatectl set-ntp true");
        }

        if (-skew > ClockBehindLimit)
        {
            return new DoctorCheck(
                "clock",
                CheckStatus.Problem,
                $"the clock of the machine running Codex is {Span(-skew)} behind (or it sent very late): its newest {newest.Signal.FileStem()} record is stamped {Span(-skew)} before it was stored",
                "sync that machine's clock: timedatectl set-ntp true");
        }

        return new DoctorCheck(
            "clock",
            CheckStatus.Ok,
            $"clocks agree: the newest {newest.Signal.FileStem()} record was stamped {Span(skew.Duration())} {(skew <= TimeSpan.Zero ? "before" : "after")} it was stored");
    }

    // ---- wording ----

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1],
        };
    }

    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var span = now - then;
        return span < TimeSpan.Zero ? $"{Span(-span)} in the future" : span < TimeSpan.FromSeconds(5) ? "just now" : $"{Span(span)} ago";
    }

    private static string Span(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => $"{span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        < 60 => $"{(int)span.TotalSeconds} s",
        < 3600 => $"{(int)span.TotalMinutes} min",
        < 172800 => $"{(int)span.TotalHours} h",
        _ => $"{(int)span.TotalDays} days",
    };

    private static string Bytes(long bytes) => bytes switch
    {
        < 1L << 20 => $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KB",
        < 1L << 30 => $"{(bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture)} MB",
        _ => $"{(bytes / 1073741824.0).ToString("0.#", CultureInfo.InvariantCulture)} GB",
    };

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);

    private static string OneLine(string text, int width)
    {
        var flat = string.Join(' ', text.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return flat.Length <= width ? flat : flat[..(width - 1)] + "…";
    }

    private static string ShortId(string id) => id.Length <= 12 ? id : id[..12];

    /// <summary>The commands doctor suggests, with the same --data and --codex-home it was given.</summary>
    private sealed class FixCommands(DoctorOptions options)
    {
        private string Data => options.DataOption is { } data ? $" --data {CodexHome.ShellQuote(data)}" : "";

        private string CodexHomeOption => options.CodexHomeOption is { } dir ? $" --codex-home {CodexHome.ShellQuote(dir)}" : "";

        public string Serve => $"codex-otel serve{Data}";

        public string Show => $"codex-otel show 1{Data}";

        public string Setup => $"codex-otel setup codex{CodexHomeOption}{Data}";
    }
}
