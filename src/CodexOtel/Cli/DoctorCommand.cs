using System.CommandLine;
using CodexOtel.Otlp;
using CodexOtel.Setup;

namespace CodexOtel.Cli;

/// <summary>
/// <c>codex-otel doctor</c>: checks every step between Codex and the ledger, one ✔ or ✘ line each, with the command
/// that fixes a problem. Exit code 0 when nothing is wrong, 1 when something is.
/// </summary>
internal static class DoctorCommand
{
    private static readonly Option<string?> CodexHomeOption = new("--codex-home") { Description = "Codex's home folder (default: $CODEX_HOME, else ~/.codex)" };

    public static Command Create()
    {
        var command = new Command("doctor", "Check that Codex's telemetry reaches the recorder, and say how to fix what does not");
        command.Options.Add(CodexHomeOption);
        command.Options.Add(CommonOptions.Json);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() => RunAsync(parse, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var options = new DoctorOptions(CliConfig.Request(parse), parse.GetValue(CommonOptions.Data), parse.GetValue(CodexHomeOption), DateTimeOffset.UtcNow);
        var report = await Doctor.RunAsync(options, cancellationToken);
        if (parse.GetValue(CommonOptions.Json))
        {
            WriteJson(report);
        }
        else
        {
            WriteText(report);
        }

        return report.Ok ? 0 : 1;
    }

    private static void WriteText(DoctorReport report)
    {
        Console.WriteLine($"codex-otel doctor — data folder {CodexHome.Display(report.Target.DataDir)}, Codex config {CodexHome.Display(report.Home.ConfigPath)}");
        foreach (var check in report.Checks)
        {
            var mark = check.Status switch
            {
                CheckStatus.Ok => "✔",
                CheckStatus.Problem => "✘",
                _ => "·",
            };
            Console.WriteLine($"{mark} {check.Message}");
            foreach (var detail in check.Details)
            {
                Console.WriteLine($"    {detail}");
            }

            if (check.Fix is { } fix)
            {
                Console.WriteLine($"    fix: {fix}");
            }
        }

        Console.WriteLine(report.Problems switch
        {
            0 => "All good.",
            1 => "1 problem found.",
            var n => $"{n} problems found.",
        });
    }

    private static void WriteJson(DoctorReport report) => JsonOutput.Write(json =>
    {
        json.WriteStartObject();
        json.WriteBoolean("ok", report.Ok);
        json.WriteString("data_dir", report.Target.DataDir);
        json.WriteString("codex_config", report.Home.ConfigPath);
        if (report.Target.Running is { } serve)
        {
            json.WriteStartObject("serve");
            json.WriteNumber("pid", serve.Pid);
            json.WriteString("grpc", serve.Grpc);
            json.WriteString("http", serve.Http);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("serve");
        }

        json.WriteStartArray("checks");
        foreach (var check in report.Checks)
        {
            json.WriteStartObject();
            json.WriteString("check", check.Name);
            json.WriteString("status", check.Status switch
            {
                CheckStatus.Ok => "ok",
                CheckStatus.Problem => "problem",
                _ => "info",
            });
            json.WriteString("message", check.Message);
            if (check.Details.Count > 0)
            {
                json.WriteStartArray("details");
                foreach (var detail in check.Details)
                {
                    json.WriteStringValue(detail);
                }

                json.WriteEndArray();
            }

            if (check.Fix is { } fix)
            {
                json.WriteString("fix", fix);
            }
            else
            {
                json.WriteNull("fix");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("last");
        foreach (var activity in report.Activity)
        {
            json.WriteStartObject(activity.Signal.FileStem());
            if (activity.Written is { } written)
            {
                json.WriteString("received", written.ToUniversalTime());
            }
            else
            {
                json.WriteNull("received");
            }

            if (activity.NewestRecord is { } stamped)
            {
                json.WriteString("newest_record", stamped.ToUniversalTime());
            }
            else
            {
                json.WriteNull("newest_record");
            }

            json.WriteString("conversation", activity.Conversation);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteString("latest_conversation", report.LatestConversation?.Id);
        json.WriteEndObject();
    });
}
