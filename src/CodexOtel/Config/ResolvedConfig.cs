namespace CodexOtel.Config;

/// <summary>One setting's effective value and where it came from.</summary>
public sealed record ResolvedSetting(ConfigSetting Setting, object? Value, ConfigSource Source)
{
    /// <summary>As <c>codex-otel config</c> shows it: an API key masked.</summary>
    public string Shown => Setting.Kind.Show(Value);
}

/// <summary>The configuration in effect, each value with its source, and the file that was (or would be) read.</summary>
public sealed record ResolvedConfig(
    RecorderConfig Config,
    IReadOnlyList<ResolvedSetting> Settings,
    string FilePath,
    bool FileRead,
    IReadOnlyList<ConfigException> Problems)
{
    public ConfigSource SourceOf(ConfigSetting setting) => Settings.First(s => s.Setting == setting).Source;
}
