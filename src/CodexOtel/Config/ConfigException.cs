namespace CodexOtel.Config;

/// <summary>A setting that cannot be used — unknown, of the wrong type or out of range — named with where it was set and what is valid.</summary>
public sealed class ConfigException(string problem, string fix) : Exception(problem)
{
    public string Fix { get; } = fix;
}
