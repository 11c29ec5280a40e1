using System.CommandLine;

namespace CodexOtel.Cli;

/// <summary>Options every command takes.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Data = new("--data")
    {
        Description = "The data folder (default: $CODEX_OTEL_DATA, else the config file's data, else $XDG_DATA_HOME/codex-otel, else ~/.local/share/codex-otel)",
        Recursive = true,
    };

    public static readonly Option<string?> Config = new("--config")
    {
        Description = "The config file (default: $XDG_CONFIG_HOME/codex-otel/config.toml, if it exists)",
        Recursive = true,
    };

    /// <summary>serve's and import's: secrets reach the ledger as sent (the [redaction] enabled setting, turned off).</summary>
    public static readonly Option<bool> NoRedact = new("--no-redact")
    {
        Description = "Write secrets to the ledger as sent, without redaction (default: redact; [redaction] enabled in the config file). An import through a running serve is redacted as serve redacts",
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print machine-readable JSON instead of a table",
    };
}
