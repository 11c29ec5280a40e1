using System.CommandLine;
using CodexOtel.Config;

namespace CodexOtel.Cli;

/// <summary>
/// Hands a command's flags to the one config resolver: <c>--config</c> and <c>--data</c> for every command, and the
/// setting flags a command takes (serve's <c>--grpc</c>, import's <c>--api-key</c>, …) paired with their settings.
/// </summary>
internal static class CliConfig
{
    /// <exception cref="ConfigException">a flag, variable or the config file holds something that is not valid</exception>
    public static ResolvedConfig Resolve(ParseResult parse, params (ConfigSetting Setting, Option Option)[] flags) =>
        ConfigResolver.Resolve(Request(parse, flags));

    /// <summary>The data folder the command works on.</summary>
    public static string DataDir(ParseResult parse) => Resolve(parse).Config.Serve.DataDir;

    public static ConfigRequest Request(ParseResult parse, params (ConfigSetting Setting, Option Option)[] flags)
    {
        var given = new Dictionary<ConfigSetting, string>();
        foreach (var (setting, option) in flags.Prepend((ConfigSettings.Data, CommonOptions.Data)))
        {
            if (Given(parse, option) is { } text)
            {
                given[setting] = setting.FlagTurnsOff ? (text == "true" ? "false" : "true") : text;
            }
        }

        return new ConfigRequest { FilePath = parse.GetValue(CommonOptions.Config), Flags = given };
    }

    /// <summary>What the user typed for an option, null when they did not give it; a switch reads "true" or "false".</summary>
    private static string? Given(ParseResult parse, Option option) => option switch
    {
        Option<bool> flag when parse.GetResult(flag) is { Implicit: false } => parse.GetValue(flag) ? "true" : "false",
        Option<string?> text => parse.GetValue(text),
        _ => null,
    };
}
