namespace CodexOtel.Setup;

/// <summary>
/// Whether the recorder answers where Codex is told to send: serve.json's addresses (or where serve would listen), an
/// empty OTLP/HTTP export to the HTTP port and the HTTP/2 preface to the gRPC port.
/// </summary>
internal static class RecorderCheck
{
    /// <summary>The check, and whether the recorder wants an API key (the Codex config check needs to know).</summary>
    public sealed record Result(DoctorCheck Check, bool RequiresApiKey);

    public static async Task<Result> RunAsync(RecorderTarget target, FixCommands commands, CancellationToken cancellationToken)
    {
        var grpc = RecorderTarget.ClientAddress(target.GrpcAddress);
        var http = RecorderTarget.ClientAddress(target.HttpAddress);
        var grpcProbe = RecorderProbe.Http2Async(grpc, target.Tls, cancellationToken);
        var httpProbe = RecorderProbe.HttpAsync(http, null, target.Tls, cancellationToken);
        var (g, h) = (await grpcProbe, await httpProbe);

        // Asked without a key first, to learn whether one is required; then with the key codex-otel knows, if any.
        var requiresKey = h.Outcome == ProbeOutcome.NeedsApiKey;
        if (requiresKey && target.ApiKey is not null)
        {
            h = await RecorderProbe.HttpAsync(http, target.ApiKey, target.Tls, cancellationToken);
        }

        var folder = CodexHome.Display(target.DataDir);

        if (target.Running is { } serve)
        {
            var answers = g.Outcome == ProbeOutcome.Answers && (h.Outcome == ProbeOutcome.Answers || (h.Outcome == ProbeOutcome.NeedsApiKey && target.ApiKey is null));
            if (answers)
            {
                var key = requiresKey ? "; it requires an API key" : "";
                return new Result(
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
            return new Result(
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
            var free = DoctorText.Port(http) is var port and > 0 and <= 55535 ? port + 10000 : 14318;
            details.Add($"{http} is taken by another program ({h.Detail}): serve needs another port, e.g. codex-otel serve --http 127.0.0.1:{free}");
        }

        return new Result(
            new DoctorCheck("recorder", CheckStatus.Problem, message, commands.Serve) { Details = details },
            requiresKey);
    }
}
