namespace CodexOtel.Config;

/// <summary>
/// The one place a setting's value is decided, for every command: a flag wins over its <c>CODEX_OTEL_*</c> variable,
/// which wins over the config file, which wins over the default. A value that is not valid wherever it is set is an
/// error naming where (flag, variable, or file and line), the key and what is valid — never skipped in silence.
/// </summary>
public static class ConfigResolver
{
    /// <exception cref="ConfigException">the first problem, in the order flag, environment, file</exception>
    public static ResolvedConfig Resolve(ConfigRequest request)
    {
        var resolved = ResolveAll(request);
        return resolved.Problems.Count > 0 ? throw resolved.Problems[0] : resolved;
    }

    /// <summary>
    /// Every problem at once (for <c>doctor</c>), each setting with a bad value taking the next source down, so the
    /// rest of the checks still have a configuration to look at.
    /// </summary>
    public static ResolvedConfig ResolveAll(ConfigRequest request)
    {
        var problems = new List<ConfigException>();
        var fileProblems = new List<ConfigException>();
        var path = request.FilePath is { } named ? Ledger.DataDirectory.FullPath(named) : ConfigFile.DefaultPath(request.Environment);
        var file = ConfigFile.Read(path, request.FilePath is not null, fileProblems);
        var settings = ConfigSettings.All.Select(s => Decide(s, request, file, problems)).ToList();
        problems.AddRange(fileProblems);
        var values = settings.ToDictionary(s => s.Setting, s => s.Value);
        return new ResolvedConfig(RecorderConfig.Bind(s => values[s]), settings, path, file is not null, problems);
    }

    private static ResolvedSetting Decide(ConfigSetting setting, ConfigRequest request, ConfigFile? file, List<ConfigException> problems)
    {
        if (setting.Flag is { } flag && request.Flags.TryGetValue(setting, out var given))
        {
            var value = setting.Kind.FromText(given, out var problem);
            if (problem is null)
            {
                return new ResolvedSetting(setting, value, ConfigSource.Flag(flag));
            }

            problems.Add(new ConfigException($"{flag} \"{given}\" {problem}", $"give {flag} {setting.Kind.Valid}"));
        }

        var variable = setting.EnvironmentVariable;
        if (request.Environment(variable) is { Length: > 0 } text)
        {
            var value = setting.Kind.FromText(text, out var problem);
            if (problem is null)
            {
                return new ResolvedSetting(setting, value, ConfigSource.Environment(variable));
            }

            problems.Add(new ConfigException($"{variable}=\"{text}\" {problem}", $"set {variable} to {setting.Kind.Valid}, or unset it"));
        }

        if (file is not null && file.Values.TryGetValue(setting, out var fromFile))
        {
            return new ResolvedSetting(setting, fromFile.Value, ConfigSource.File(file.Path, fromFile.Line));
        }

        return new ResolvedSetting(setting, setting.Default(), ConfigSource.Default);
    }
}
