using CodexOtel.Setup;
using CodexOtel.Toml;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace CodexOtel.Serve;

/// <summary>
/// The optional config file, <c>$XDG_CONFIG_HOME/codex-otel/config.toml</c> (or <c>--config FILE</c>):
/// <code>
/// data = "~/codex-audit"
/// grpc = "127.0.0.1:4317"
/// http = "127.0.0.1:4318"
/// api_key = "…"            # or leave it to CODEX_OTEL_API_KEY
/// insecure = false
/// log_format = "text"      # or "json"
/// [ledger]
/// max_segment_mb = 128
/// max_segment_age_hours = 24
/// compress = true
/// [limits]
/// max_request_mb = 20
/// </code>
/// </summary>
public sealed class ServeConfigFile
{
    private readonly TomlTable _root;
    private readonly string _text;

    private ServeConfigFile(TomlTable root, string text, string path)
    {
        _root = root;
        _text = text;
        Path = path;
    }

    public string Path { get; }

    public static string DefaultPath()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var home = string.IsNullOrWhiteSpace(xdg)
            ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config")
            : xdg;
        return System.IO.Path.Combine(home, "codex-otel", "config.toml");
    }

    /// <summary>Loads the file; null when it does not exist and was not asked for by name.</summary>
    public static ServeConfigFile? Load(string? explicitPath)
    {
        var path = explicitPath ?? DefaultPath();
        if (!File.Exists(path))
        {
            return explicitPath is null ? null : throw new ServeException($"the config file {path} does not exist.", "create it or leave out --config");
        }

        try
        {
            var text = File.ReadAllText(path);
            return new ServeConfigFile(TomlDocument.Parse(text), text, path);
        }
        catch (TomlException e)
        {
            throw new ServeException($"{path} is not valid TOML: {TomlText.Problem(e)}", "fix the line it names");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServeException($"cannot read the config file {path}: {e.Message}", $"check the file and its permissions: ls -l {path}");
        }
    }

    public string? String(string key, string? table = null) => Value(key, table) switch
    {
        null => null,
        string s => s,
        var other => throw Wrong(key, table, "a string", other),
    };

    public bool? Bool(string key, string? table = null) => Value(key, table) switch
    {
        null => null,
        bool b => b,
        var other => throw Wrong(key, table, "true or false", other),
    };

    public long? Integer(string key, string? table = null) => Value(key, table) switch
    {
        null => null,
        long l => l,
        int i => i,
        var other => throw Wrong(key, table, "a whole number", other),
    };

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; outside that, an error naming the file and line.</summary>
    public long? Integer(string key, string? table, long min, long max)
    {
        var value = Integer(key, table);
        if (value is null || (value >= min && value <= max))
        {
            return value;
        }

        throw new ServeException(
            $"{Where(key, table)}: {Name(key, table)} = {value} is out of range ({min}–{max})",
            $"set {key} to a number from {min} to {max} in {Path}, or remove it for the default");
    }

    private object? Value(string key, string? table)
    {
        var scope = _root;
        if (table is not null)
        {
            if (!_root.TryGetValue(table, out var inner) || inner is not TomlTable innerTable)
            {
                return null;
            }

            scope = innerTable;
        }

        return scope.TryGetValue(key, out var value) ? value : null;
    }

    private ServeException Wrong(string key, string? table, string expected, object actual) =>
        new($"{Where(key, table)}: {Name(key, table)} should be {expected}, not {actual}", "correct it in the config file");

    private static string Name(string key, string? table) => table is null ? key : $"[{table}] {key}";

    /// <summary>The file and, when the key is written plainly (<c>key = …</c> under its <c>[table]</c>), its line.</summary>
    private string Where(string key, string? table)
    {
        var document = SyntaxParser.Parse(_text, Path, validate: false);
        var keyValues = table is null
            ? document.KeyValues
            : document.Tables.Where(t => t.Name is { } name && TomlText.Names(name).SequenceEqual([table])).SelectMany(t => t.Items);
        var found = keyValues.FirstOrDefault(kv => kv.Key is { } name && TomlText.Names(name).SequenceEqual([key]));
        return found is null ? Path : $"{Path}:{found.Span.Start.Line + 1}";
    }
}
