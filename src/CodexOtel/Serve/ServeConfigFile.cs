using CodexOtel.Toml;
using Tomlyn;
using Tomlyn.Model;

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

    private ServeConfigFile(TomlTable root, string path)
    {
        _root = root;
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
            return new ServeConfigFile(TomlDocument.Parse(File.ReadAllText(path)), path);
        }
        catch (TomlException e)
        {
            throw new ServeException($"{path} is not valid TOML: {e.Message}", "fix the line it names");
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
        new($"{Path}: {(table is null ? key : $"[{table}] {key}")} should be {expected}, not {actual}", "correct it in the config file");
}
