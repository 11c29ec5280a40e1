using CodexOtel.Otlp;
using CodexOtel.Toml;

namespace CodexOtel.Setup;

/// <summary>What <c>setup codex</c> writes into Codex's <c>[otel]</c> section.</summary>
/// <param name="BaseUrl">The recorder's OTLP/HTTP base URL, e.g. http://127.0.0.1:4318 (each signal gets its /v1/… path).</param>
/// <param name="Protocol">binary or json.</param>
/// <param name="ApiKey">Sent as <c>authorization: Bearer KEY</c> when the recorder requires one.</param>
/// <param name="LogPrompts">Sets <c>log_user_prompt = true</c>.</param>
/// <param name="Tls">For an https recorder: what Codex trusts and, for mutual TLS, presents.</param>
internal sealed record SetupRequest(string BaseUrl, string Protocol, string? ApiKey, bool LogPrompts, CodexTls? Tls = null)
{
    public string EndpointFor(Signal signal) => BaseUrl + signal.HttpPath();

    public string? Authorization => ApiKey is null ? null : "Bearer " + ApiKey;
}

/// <summary>
/// The <c>tls</c> table of a Codex OTLP exporter (its OtelTlsConfig): the CA certificate it trusts the recorder by, and
/// for mutual TLS its client certificate and key. PEM file paths.
/// </summary>
internal sealed record CodexTls(string CaCertificate, string? ClientCertificate, string? ClientPrivateKey)
{
    public const string CaKey = "ca-certificate";
    public const string CertificateKey = "client-certificate";
    public const string KeyKey = "client-private-key";

    public IEnumerable<(string Key, string Path)> Entries()
    {
        yield return (CaKey, CaCertificate);
        if (ClientCertificate is not null && ClientPrivateKey is not null)
        {
            yield return (CertificateKey, ClientCertificate);
            yield return (KeyKey, ClientPrivateKey);
        }
    }
}

/// <summary>A config Codex would read, but whose [otel] section setup cannot make right without guessing.</summary>
internal sealed class ConfigEditException(string problem) : Exception(problem);

/// <summary>
/// Points Codex's config.toml at the recorder: logs, traces and metrics exporters over OTLP/HTTP, each with its
/// <c>/v1/…</c> path. Exporters already present are updated where they are written — inline
/// (<c>exporter = { otlp-http = { … } }</c>), as tables (<c>[otel.exporter."otlp-http"]</c>) or dotted keys; an
/// otlp-grpc exporter becomes otlp-http, <c>"none"</c> becomes an exporter. Missing ones are added inline, or as tables
/// when the file already uses the table form. Everything else in the file stays as it is.
/// </summary>
internal static class CodexConfigEdit
{
    private static readonly TomlKey Otel = CodexOtelSettings.Section;
    private static readonly TomlKey OtlpHttp = "otlp-http";

    // As the table form is usually written: [otel.exporter."otlp-http"].
    private static readonly TomlKey QuotedOtlpHttp = new("otlp-http", Quoted: true);

    /// <summary>The new text of config.toml; <paramref name="text"/> itself when nothing needs to change.</summary>
    public static string Apply(string text, string source, SetupRequest request)
    {
        var editor = new TomlEditor(text, source);
        try
        {
            if (request.LogPrompts)
            {
                editor.Set([Otel, "log_user_prompt"], new TomlLeaf.Bool(true));
            }

            var tableForm = SignalNames.All.Any(s => editor.HasTableAtOrBelow([Otel, CodexOtelSettings.KeyOf(s)]));
            foreach (var signal in SignalNames.All)
            {
                SetExporter(editor, signal, request, tableForm);
            }
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigEditException(e.Message);
        }

        var result = editor.Text;
        if (result == text || result == text + (text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n"))
        {
            result = text;
        }

        Check(result, request);
        return result;
    }

    /// <summary>The problems that keep <paramref name="settings"/> from sending everything as <paramref name="request"/> asks.</summary>
    public static IReadOnlyList<string> Differences(CodexOtelSettings settings, SetupRequest request)
    {
        var problems = new List<string>();
        foreach (var exporter in settings.Exporters)
        {
            var name = $"otel.{exporter.Key}";
            if (exporter.Kind == ExporterKind.Invalid)
            {
                problems.Add($"{name}: {exporter.Problem}");
            }
            else if (exporter.Kind != ExporterKind.OtlpHttp)
            {
                problems.Add($"{name} is not an otlp-http exporter");
            }
            else if (exporter.Endpoint != request.EndpointFor(exporter.Signal) || exporter.Protocol != request.Protocol)
            {
                problems.Add($"{name} sends to {exporter.Endpoint} ({exporter.Protocol})");
            }
            else if (request.Authorization is { } authorization && exporter.Header("authorization") != authorization)
            {
                problems.Add($"{name} does not send the API key");
            }
            else if (request.Tls?.Entries().FirstOrDefault(e => exporter.Tls?.GetValueOrDefault(e.Key) != e.Path) is ({ } key, _))
            {
                problems.Add($"{name} does not set tls.{key}");
            }
        }

        if (request.LogPrompts && settings.LogUserPrompt != true)
        {
            problems.Add("otel.log_user_prompt is not true");
        }

        return problems;
    }

    private static void SetExporter(TomlEditor editor, Signal signal, SetupRequest request, bool tableForm)
    {
        TomlKey[] exporter = [Otel, CodexOtelSettings.KeyOf(signal)];
        var kinds = editor.ChildNames(exporter);
        if (kinds.Contains("otlp-grpc") && !kinds.Contains("otlp-http"))
        {
            editor.Rename([.. exporter, "otlp-grpc"], "otlp-http");
        }

        var endpoint = new TomlLeaf.Text(request.EndpointFor(signal));
        var protocol = new TomlLeaf.Text(request.Protocol);
        TomlKey[] http = [.. exporter, OtlpHttp];
        TomlKey[] headers = [.. http, "headers"];
        if (tableForm && !editor.Defines(exporter))
        {
            var entries = new List<(TomlKey[], TomlLeaf)> { (["endpoint"], endpoint), (["protocol"], protocol) };
            if (request.Authorization is { } bearer)
            {
                entries.Add((["headers", new TomlKey("authorization", Quoted: true)], new TomlLeaf.Text(bearer)));
            }

            entries.AddRange(request.Tls?.Entries().Select(e => ((TomlKey[])["tls", new TomlKey(e.Key, Quoted: true)], (TomlLeaf)new TomlLeaf.Text(e.Path))) ?? []);

            editor.AddTable([.. exporter, QuotedOtlpHttp], entries, [Otel]);
            return;
        }

        editor.Set([.. http, "endpoint"], endpoint);
        editor.Set([.. http, "protocol"], protocol);
        if (request.Authorization is { } authorization)
        {
            // HTTP header names ignore case: update an "Authorization" that is there rather than add a second one.
            var name = editor.ChildNames(headers).FirstOrDefault(n => n.Equals("authorization", StringComparison.OrdinalIgnoreCase)) ?? "authorization";
            editor.Set([.. headers, new TomlKey(name, Quoted: true)], new TomlLeaf.Text(authorization));
        }

        foreach (var (key, path) in request.Tls?.Entries() ?? [])
        {
            editor.Set([.. http, "tls", new TomlKey(key, Quoted: true)], new TomlLeaf.Text(path));
        }
    }

    private static void Check(string result, SetupRequest request)
    {
        var problems = Differences(CodexOtelSettings.Read(result), request);
        if (problems.Count > 0)
        {
            throw new ConfigEditException(string.Join("; ", problems));
        }
    }
}
