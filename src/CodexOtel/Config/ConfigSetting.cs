namespace CodexOtel.Config;

/// <summary>
/// One setting: its key in the config file, its <c>CODEX_OTEL_*</c> variable, its flag (if any), the values it takes
/// and its default. The settings of the serve section sit at the top of the file (as they always have); the others
/// under their <c>[section]</c>.
/// </summary>
public sealed record ConfigSetting(string Section, string Key, ConfigValueKind Kind, Func<object?> Default, string Meaning)
{
    public const string ServeSection = "serve";

    /// <summary>The flag that sets it, e.g. <c>--grpc</c>; commands that take the flag pass it to the resolver.</summary>
    public string? Flag { get; init; }

    /// <summary>Whether <see cref="Flag"/> turns the switch off (<c>--no-redact</c> for <c>[redaction] enabled</c>).</summary>
    public bool FlagTurnsOff { get; init; }

    /// <summary>The [table] it is written under; null for the top of the file.</summary>
    public string? Table => Section == ServeSection ? null : Section;

    /// <summary><c>grpc</c>, <c>ledger.max_segment_mb</c>.</summary>
    public string Name => Table is null ? Key : $"{Table}.{Key}";

    /// <summary>As the file says it: <c>grpc</c>, <c>[ledger] max_segment_mb</c>.</summary>
    public string TomlName => Table is null ? Key : $"[{Table}] {Key}";

    /// <summary><c>CODEX_OTEL_GRPC</c>, <c>CODEX_OTEL_LEDGER_MAX_SEGMENT_MB</c>.</summary>
    public string EnvironmentVariable => "CODEX_OTEL_" + Name.Replace('.', '_').ToUpperInvariant();
}
