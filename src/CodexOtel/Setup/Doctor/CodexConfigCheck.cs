using System.Net;
using CodexOtel.Otlp;
using CodexOtel.Toml;

namespace CodexOtel.Setup;

/// <summary>
/// Reads Codex's config.toml as Codex would and checks that logs, traces and metrics go to the recorder: an exporter
/// each, the recorder's address and port for its protocol, the right path, and the API key when one is required.
/// </summary>
internal static class CodexConfigCheck
{
    public static IEnumerable<DoctorCheck> Run(CodexHome home, RecorderTarget target, bool requiresKey, FixCommands commands)
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
            var subjects = group.Key.Subject ?? DoctorText.Join(group.Select(i => i.Signal.FileStem()));
            checks.Add(new DoctorCheck("codex_config", CheckStatus.Problem, $"{subjects} {group.Key.Predicate}", fix));
        }

        var prompts = settings.LogUserPrompt == true ? "prompts verbatim" : "prompts redacted";
        if (good.Count > 0)
        {
            var signals = DoctorText.Join(good.Select(e => e.Signal.FileStem()));
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
        if (uri.Port == DoctorText.Port(other) && uri.Port != DoctorText.Port(expected))
        {
            return grpc
                ? new($"go over otlp-grpc to {uri.Authority}, the recorder's OTLP/HTTP port (gRPC is {expected})")
                : new($"go over otlp-http to {uri.Authority}, the recorder's gRPC port (OTLP/HTTP is {expected})");
        }

        if (uri.Port != DoctorText.Port(expected) || !SameHost(uri, grpc ? target.GrpcAddress : target.HttpAddress))
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
}
