namespace CodexOtel.Config;

/// <summary>What a command hands the resolver: the file it was pointed at, the flags it was given, the environment.</summary>
public sealed record ConfigRequest
{
    /// <summary><c>--config FILE</c>; null for the default file, which may be missing.</summary>
    public string? FilePath { get; init; }

    /// <summary>The setting flags given on the command line, as typed (a switch as "true").</summary>
    public IReadOnlyDictionary<ConfigSetting, string> Flags { get; init; } = new Dictionary<ConfigSetting, string>();

    /// <summary>Reads an environment variable; an empty one counts as unset.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
