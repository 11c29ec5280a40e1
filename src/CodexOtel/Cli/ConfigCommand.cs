using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using CodexOtel.Config;
using CodexOtel.Setup;

namespace CodexOtel.Cli;

/// <summary>
/// <c>codex-otel config</c>: the configuration every command runs with, each value with where it came from — a flag,
/// a <c>CODEX_OTEL_*</c> variable, the config file's line, or the default. The API key is never printed.
/// </summary>
internal static class ConfigCommand
{
    // Values and paths as they are ("~/codex-audit", "••••abcd"), not \u-escaped: this is read by people and by tools.
    private static readonly ConfigJsonContext Json = new(new JsonSerializerOptions(ConfigJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static Command Create()
    {
        var command = new Command("config", "Show the effective configuration and where each value comes from (flag, environment, file:line, default)");
        command.Options.Add(CommonOptions.Json);
        command.SetAction(parse => CommandRunner.RunAsync(() => Task.FromResult(Run(parse))));
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var resolved = CliConfig.Resolve(parse);
        if (parse.GetValue(CommonOptions.Json))
        {
            WriteJson(resolved);
        }
        else
        {
            WriteText(resolved);
        }

        return 0;
    }

    private static void WriteText(ResolvedConfig resolved)
    {
        Console.WriteLine(resolved.FileRead
            ? $"config file  {resolved.FilePath}"
            : $"config file  {resolved.FilePath} (none there: values come from flags, CODEX_OTEL_* variables and defaults)");
        var table = TextTable.Of(("setting", false), ("value", false), ("source", false));
        foreach (var setting in resolved.Settings)
        {
            table.AddRow(setting.Setting.Name, Shown(setting), Source(setting.Source));
        }

        table.Write(Console.Out);
        Console.WriteLine("Precedence: flag > CODEX_OTEL_* variable > config file > default. Each setting's variable is CODEX_OTEL_ and its name");
        Console.WriteLine("in capitals, dots as _ (CODEX_OTEL_LEDGER_MAX_SEGMENT_MB); `codex-otel config --json` lists them with their flags and ranges.");
    }

    private static string Shown(ResolvedSetting setting) =>
        setting.Setting == ConfigSettings.Data ? CodexHome.Display(setting.Shown) : setting.Shown;

    private static string Source(ConfigSource source) => source.Origin switch
    {
        ConfigOrigin.Flag => $"flag {source.Where}",
        ConfigOrigin.Environment => $"env {source.Where}",
        ConfigOrigin.File => $"file {source.Where}",
        _ => "default",
    };

    private static void WriteJson(ResolvedConfig resolved)
    {
        var report = new ConfigReport(
            resolved.FilePath,
            resolved.FileRead,
            [.. resolved.Settings.Select(s => new ConfigReportEntry(
                s.Setting.Name,
                s.Setting.Kind.Json(s.Value),
                s.Source.OriginName,
                s.Source.Where,
                s.Setting.EnvironmentVariable,
                s.Setting.Flag,
                s.Setting.Kind.Valid,
                s.Setting.Meaning))]);
        using var stdout = Console.OpenStandardOutput();
        JsonSerializer.Serialize(stdout, report, Json.ConfigReport);
        stdout.Write("\n"u8);
    }
}
