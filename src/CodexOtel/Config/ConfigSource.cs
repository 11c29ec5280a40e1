namespace CodexOtel.Config;

/// <summary>Where a setting's value came from, in precedence order: a flag wins over the environment, and so on.</summary>
public enum ConfigOrigin
{
    Default,
    File,
    Environment,
    Flag,
}

/// <summary>
/// Where a value came from, as a user would look for it: <c>--grpc</c>, <c>CODEX_OTEL_GRPC</c>,
/// <c>/home/me/.config/codex-otel/config.toml:3</c> or <c>default</c>.
/// </summary>
public sealed record ConfigSource(ConfigOrigin Origin, string Where)
{
    public static ConfigSource Default { get; } = new(ConfigOrigin.Default, "default");

    public static ConfigSource Flag(string flag) => new(ConfigOrigin.Flag, flag);

    public static ConfigSource Environment(string variable) => new(ConfigOrigin.Environment, variable);

    public static ConfigSource File(string path, int line) => new(ConfigOrigin.File, $"{path}:{line}");

    public string OriginName => Origin switch
    {
        ConfigOrigin.Flag => "flag",
        ConfigOrigin.Environment => "environment",
        ConfigOrigin.File => "file",
        _ => "default",
    };
}
