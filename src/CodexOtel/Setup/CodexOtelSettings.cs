using CodexOtel.Otlp;
using CodexOtel.Toml;
using Tomlyn.Model;

namespace CodexOtel.Setup;

/// <summary>What one of Codex's exporters is set to.</summary>
internal enum ExporterKind
{
    /// <summary>Not in the file: Codex's default applies (none for logs and traces, its remote endpoint for metrics).</summary>
    Missing,
    None,
    Statsig,
    OtlpHttp,
    OtlpGrpc,

    /// <summary>Written in a way Codex refuses; <see cref="CodexExporter.Problem"/> says why.</summary>
    Invalid,
}

/// <summary>One exporter of Codex's <c>[otel]</c> section, e.g. <c>trace_exporter = { otlp-http = { … } }</c>.</summary>
internal sealed record CodexExporter(
    Signal Signal,
    ExporterKind Kind,
    string? Endpoint = null,
    string? Protocol = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    string? Problem = null,
    IReadOnlyDictionary<string, string>? Tls = null)
{
    /// <summary>The key in <c>[otel]</c>: exporter (logs), trace_exporter, metrics_exporter.</summary>
    public string Key => CodexOtelSettings.KeyOf(Signal);

    /// <summary>The value of a header, matching its name regardless of case (as HTTP does).</summary>
    public string? Header(string name) =>
        Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>
/// The <c>[otel]</c> section of Codex's config.toml as Codex reads it, whichever TOML form it is written in:
/// inline tables, <c>[otel.exporter."otlp-http"]</c> tables or dotted keys.
/// </summary>
internal sealed record CodexOtelSettings(IReadOnlyList<CodexExporter> Exporters, bool? LogUserPrompt, string? Problem)
{
    public const string Section = "otel";

    public static readonly string[] Protocols = ["binary", "json"];

    public CodexExporter this[Signal signal] => Exporters.First(e => e.Signal == signal);

    public static string KeyOf(Signal signal) => signal switch
    {
        Signal.Logs => "exporter",
        Signal.Traces => "trace_exporter",
        _ => "metrics_exporter",
    };

    /// <summary>Reads config.toml's text (which must be valid TOML).</summary>
    public static CodexOtelSettings Read(string toml) => Read(TomlDocument.Parse(toml));

    public static CodexOtelSettings Read(TomlTable root)
    {
        if (!root.TryGetValue(Section, out var section))
        {
            return new CodexOtelSettings([.. SignalNames.All.Select(s => new CodexExporter(s, ExporterKind.Missing))], null, null);
        }

        if (section is not TomlTable otel)
        {
            return new CodexOtelSettings(
                [.. SignalNames.All.Select(s => new CodexExporter(s, ExporterKind.Invalid, Problem: "otel is not a table"))],
                null,
                "otel is not a table");
        }

        var logPrompts = otel.TryGetValue("log_user_prompt", out var flag) ? flag as bool? : null;
        var problem = otel.TryGetValue("log_user_prompt", out flag) && flag is not bool ? "log_user_prompt must be true or false" : null;
        return new CodexOtelSettings([.. SignalNames.All.Select(s => ReadExporter(otel, s))], logPrompts, problem);
    }

    private static CodexExporter ReadExporter(TomlTable otel, Signal signal)
    {
        if (!otel.TryGetValue(KeyOf(signal), out var value))
        {
            return new CodexExporter(signal, ExporterKind.Missing);
        }

        switch (value)
        {
            case "none":
                return new CodexExporter(signal, ExporterKind.None);
            case "statsig":
                return new CodexExporter(signal, ExporterKind.Statsig);
            case string other:
                return Invalid(signal, $"\"{other}\" is not an exporter (none, statsig, otlp-http or otlp-grpc)");
            case TomlTable { Count: 1 } table:
                var (name, settings) = table.First();
                return name switch
                {
                    "otlp-http" => ReadOtlp(signal, ExporterKind.OtlpHttp, settings),
                    "otlp-grpc" => ReadOtlp(signal, ExporterKind.OtlpGrpc, settings),
                    "none" or "statsig" => Invalid(signal, $"{name} is written as a string: {KeyOf(signal)} = \"{name}\""),
                    _ => Invalid(signal, $"\"{name}\" is not an exporter (otlp-http or otlp-grpc)"),
                };
            case TomlTable table:
                return Invalid(signal, $"holds {string.Join(" and ", table.Keys)}; it takes exactly one of otlp-http or otlp-grpc");
            default:
                return Invalid(signal, "is neither a string nor a table");
        }
    }

    private static CodexExporter ReadOtlp(Signal signal, ExporterKind kind, object settings)
    {
        var name = kind == ExporterKind.OtlpHttp ? "otlp-http" : "otlp-grpc";
        if (settings is not TomlTable table)
        {
            return Invalid(signal, $"{name} is not a table");
        }

        var endpoint = table.TryGetValue("endpoint", out var e) ? e as string : null;
        var protocol = table.TryGetValue("protocol", out var p) ? p as string : null;
        var headers = StringTable(table, "headers");
        if (headers is null)
        {
            return Invalid(signal, $"{name} headers must be a table of strings");
        }

        var tls = StringTable(table, "tls");
        if (tls is null)
        {
            return Invalid(signal, $"{name} tls must be a table of file paths");
        }

        var problem = endpoint switch
        {
            null when e is not null => $"{name} endpoint must be a string",
            null => $"{name} has no endpoint",
            _ when kind == ExporterKind.OtlpHttp && protocol is null => p is null
                ? $"{name} has no protocol (Codex requires protocol = \"binary\" or \"json\")"
                : $"{name} protocol must be a string",
            _ when kind == ExporterKind.OtlpHttp && !Protocols.Contains(protocol) => $"{name} protocol \"{protocol}\" is not binary or json",
            _ => null,
        };
        return new CodexExporter(signal, problem is null ? kind : ExporterKind.Invalid, endpoint, protocol, headers, problem, tls);
    }

    /// <summary>A table of strings under <paramref name="key"/> (empty when there is none); null when it is something else.</summary>
    private static Dictionary<string, string>? StringTable(TomlTable table, string key)
    {
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!table.TryGetValue(key, out var value))
        {
            return strings;
        }

        if (value is not TomlTable entries || entries.Values.Any(v => v is not string))
        {
            return null;
        }

        foreach (var (name, text) in entries)
        {
            strings[name] = (string)text;
        }

        return strings;
    }

    private static CodexExporter Invalid(Signal signal, string problem) => new(signal, ExporterKind.Invalid, Problem: problem);
}
