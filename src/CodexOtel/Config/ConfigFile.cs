using System.Globalization;
using CodexOtel.Store;
using CodexOtel.Toml;
using Tomlyn.Syntax;

namespace CodexOtel.Config;

/// <summary>
/// The config file, <c>$XDG_CONFIG_HOME/codex-otel/config.toml</c> (or <c>--config FILE</c>): each setting's value
/// with the line it is on. Anything in it that is not a setting — an unknown key or section, a value of the wrong
/// type or out of range — is a problem naming the file, the line, the key and what is valid.
/// </summary>
internal sealed class ConfigFile
{
    private readonly HashSet<string> _unknownSections = [];

    private ConfigFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>The valid values, by setting.</summary>
    public Dictionary<ConfigSetting, (object? Value, int Line)> Values { get; } = [];

    public static string DefaultPath(Func<string, string?> environment)
    {
        var xdg = environment("XDG_CONFIG_HOME");
        var home = string.IsNullOrWhiteSpace(xdg)
            ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config")
            : xdg;
        return System.IO.Path.Combine(home, "codex-otel", "config.toml");
    }

    /// <summary>
    /// Reads the file at <paramref name="path"/>; null when it cannot be read (a problem is added) or it does not exist
    /// and was not asked for by name (then that is fine: everything has a default).
    /// </summary>
    public static ConfigFile? Read(string path, bool named, List<ConfigException> problems)
    {
        if (!File.Exists(path))
        {
            if (named)
            {
                problems.Add(new ConfigException($"the config file {path} does not exist.", "create it or leave out --config"));
            }

            return null;
        }

        DocumentSyntax document;
        try
        {
            document = TomlText.Parse(File.ReadAllText(path), path);
        }
        catch (TomlSyntaxException e)
        {
            problems.Add(new ConfigException($"{path} is not valid TOML: line {e.Line}, column {e.Column}: {e.Problem}", $"correct line {e.Line} of {path}"));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            problems.Add(new ConfigException($"cannot read the config file {path}: {e.Message}", $"check the file and its permissions: ls -l {path}"));
            return null;
        }

        var file = new ConfigFile(path);
        var found = new List<(int Line, ConfigException Problem)>();
        file.CheckTables(document, found);
        foreach (var entry in TomlEntries.Read(document))
        {
            file.Take(entry, found);
        }

        file.TakeTableLists(document, found);

        // In the order of the file, whether a section or a key.
        problems.AddRange(found.OrderBy(f => f.Line).Select(f => f.Problem));
        return file;
    }

    private void CheckTables(DocumentSyntax document, List<(int Line, ConfigException Problem)> problems)
    {
        foreach (var table in document.Tables)
        {
            var names = table.Name is { } name ? TomlText.Names(name) : [];
            var shown = string.Join('.', names);
            if (table is TableArraySyntax && TableList(names) is not null)
            {
                continue;
            }

            if (table is TableArraySyntax)
            {
                problems.Add((TomlEntries.Line(table), new ConfigException(
                    $"{Path}:{TomlEntries.Line(table)}: [[{shown}]] is not a section codex-otel reads (the lists of tables it reads: {string.Join(", ", ConfigSettings.All.Where(s => s.Kind is TableListKind).Select(s => $"[[{s.Name}]]"))})",
                    $"remove it from {Path}; `codex-otel config` lists every setting")));
            }
            else if ((names.Length != 1 || !ConfigSettings.Tables.Contains(names[0])) && _unknownSections.Add(shown))
            {
                problems.Add((TomlEntries.Line(table), UnknownSection(shown, TomlEntries.Line(table))));
            }
        }
    }

    /// <summary>The setting an array of tables is, e.g. [[redaction.rules]]; null when none is.</summary>
    private static ConfigSetting? TableList(IReadOnlyList<string> names) =>
        names.Count == 2 ? ConfigSettings.All.FirstOrDefault(s => s.Kind is TableListKind && s.Table == names[0] && s.Key == names[1]) : null;

    private void TakeTableLists(DocumentSyntax document, List<(int Line, ConfigException Problem)> problems)
    {
        var byName = document.Tables.OfType<TableArraySyntax>()
            .Select(t => (Setting: t.Name is { } name ? TableList(TomlText.Names(name)) : null, Table: t))
            .Where(t => t.Setting is not null)
            .GroupBy(t => t.Setting!);
        foreach (var tables in byName)
        {
            var setting = tables.Key;
            var kind = (TableListKind)setting.Kind;
            var value = kind.FromTables(
                [.. tables.Select(t => TomlTable.Of(t.Table))],
                (line, problem, fix) => problems.Add((line, new ConfigException($"{Path}:{line}: {problem}", $"{fix} in {Path}"))));
            Values[setting] = (value, TomlEntries.Line(tables.First().Table));
        }
    }

    private void Take(TomlEntry entry, List<(int Line, ConfigException Problem)> problems)
    {
        var table = entry.Path.Count == 2 ? entry.Path[0] : null;
        var key = entry.Path[^1];
        if (entry.Path.Count > 2 || (table is not null && !ConfigSettings.Tables.Contains(table)))
        {
            // A [section] header was reported already; a dotted key or inline table naming one is reported here, once.
            var section = string.Join('.', entry.Path.Take(entry.Path.Count - 1));
            if (_unknownSections.Add(section))
            {
                problems.Add((entry.Line, UnknownSection(section, entry.Line)));
            }

            return;
        }

        var setting = ConfigSettings.All.FirstOrDefault(s => s.Table == table && s.Key == key);
        if (setting is null)
        {
            problems.Add((entry.Line, UnknownKey(table, key, entry.Line)));
            return;
        }

        var value = setting.Kind.FromToml(entry.Value, out var problem);
        if (problem is not null)
        {
            var fallback = setting.Default() is { } byDefault ? $", or remove it for the default ({setting.Kind.Show(byDefault)})" : ", or remove it";
            var fix = $"set {key} to {setting.Kind.Valid} in {Path}{fallback}";
            problems.Add((entry.Line, new ConfigException($"{Path}:{entry.Line}: {setting.TomlName} = {Raw(entry.Value)} {problem}", fix)));
            return;
        }

        Values[setting] = (value, entry.Line);
    }

    private ConfigException UnknownKey(string? table, string key, int line)
    {
        var name = table is null ? key : $"[{table}] {key}";
        var siblings = ConfigSettings.All.Where(s => s.Table == table).ToList();

        // The right key in the wrong place (max_segment_mb at the top instead of under [ledger]) is named with its place.
        var elsewhere = ConfigSettings.All.FirstOrDefault(s => s.Key == key && s.Table != table);
        var guess = elsewhere?.TomlName ?? CloseMatches.Rank(key, siblings.Select(s => s.Key)).FirstOrDefault();
        var problem = guess is not null
            ? $"{Path}:{line}: {name} is not a setting — did you mean {guess}?"
            : $"{Path}:{line}: {name} is not a setting; {(table is null ? "the top of the file" : $"[{table}]")} has {string.Join(", ", siblings.Select(s => s.Key))}";
        var fix = elsewhere is not null
            ? $"move it {(elsewhere.Table is null ? "to the top of the file, before any [section]" : $"under [{elsewhere.Table}]")} in {Path}"
            : guess is not null
                ? $"rename it to {guess} in {Path}, or remove it (codex-otel config lists every setting)"
                : $"correct or remove it in {Path} (codex-otel config lists every setting)";
        return new ConfigException(problem, fix);
    }

    private ConfigException UnknownSection(string name, int line)
    {
        var guess = CloseMatches.Rank(name, ConfigSettings.Tables).FirstOrDefault();
        var known = string.Join(" and ", ConfigSettings.Tables.Select(t => $"[{t}]"));
        return new ConfigException(
            guess is not null
                ? $"{Path}:{line}: [{name}] is not a section codex-otel reads — did you mean [{guess}]?"
                : $"{Path}:{line}: [{name}] is not a section codex-otel reads (it reads the top of the file, {known})",
            guess is not null ? $"rename it to [{guess}] in {Path}" : $"remove it from {Path} (codex-otel config lists every setting)");
    }

    /// <summary>A value as it is written, for a message.</summary>
    private static string Raw(ValueSyntax value) => value switch
    {
        StringValueSyntax { Value: { } s } => TomlText.String(s),
        IntegerValueSyntax i => i.Value.ToString(CultureInfo.InvariantCulture),
        BooleanValueSyntax b => b.Value ? "true" : "false",
        _ => Shorten((value.ToString() ?? "").Trim()),
    };

    private static string Shorten(string text)
    {
        var line = text.Split('\n')[0].TrimEnd();
        return line.Length <= 40 && line.Length == text.Length ? line : line[..Math.Min(39, line.Length)] + "…";
    }
}
