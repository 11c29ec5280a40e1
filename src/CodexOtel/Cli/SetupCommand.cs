using System.CommandLine;
using System.Text;
using CodexOtel.Config;
using CodexOtel.Setup;
using CodexOtel.Toml;
using Tomlyn;

namespace CodexOtel.Cli;

/// <summary>
/// <c>codex-otel setup codex</c>: writes the <c>[otel]</c> section of Codex's config.toml so that Codex sends logs,
/// traces and metrics to the recorder. Shows the change as a diff, keeps a backup, changes nothing when all is set.
/// </summary>
internal static class SetupCommand
{
    private static readonly Option<string?> CodexHomeOption = new("--codex-home") { Description = "Codex's home folder (default: $CODEX_HOME, else ~/.codex)" };
    private static readonly Option<string?> Endpoint = new("--endpoint") { Description = "The recorder's OTLP/HTTP base URL (default: the running serve's, else http://127.0.0.1:4318)" };
    private static readonly Option<string?> Protocol = new("--protocol") { Description = "binary (protobuf, the default) or json" };
    private static readonly Option<bool> LogPrompts = new("--log-prompts") { Description = "Have Codex send prompts verbatim (log_user_prompt = true)" };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Show the change without writing it" };
    private static readonly Option<string?> ApiKey = new("--api-key") { Description = "The key serve requires (default: $CODEX_OTEL_API_KEY, else serve's config file)" };
    private static readonly Option<string?> TlsCa = new("--tls-ca") { Description = "With TLS: the CA certificate (PEM) Codex trusts the recorder by (default: serve's own certificate, right for a self-signed one)" };
    private static readonly Option<string?> TlsClientCert = new("--tls-client-cert") { Description = "With mutual TLS: the client certificate (PEM) Codex presents" };
    private static readonly Option<string?> TlsClientKey = new("--tls-client-key") { Description = "With mutual TLS: that certificate's private key (PEM)" };

    public static Command Create()
    {
        var codex = new Command("codex", "Point the Codex CLI at the recorder: write the [otel] section of its config.toml");
        foreach (var option in new Option[] { CodexHomeOption, Endpoint, Protocol, LogPrompts, DryRun, ApiKey, TlsCa, TlsClientCert, TlsClientKey })
        {
            codex.Options.Add(option);
        }

        codex.SetAction(parse => CommandRunner.RunAsync(() => Task.FromResult(Run(parse))));
        var setup = new Command("setup", "Configure a client to send its telemetry to the recorder");
        setup.Subcommands.Add(codex);
        return setup;
    }

    private static int Run(ParseResult parse)
    {
        var protocol = parse.GetValue(Protocol) ?? "binary";
        if (!CodexOtelSettings.Protocols.Contains(protocol))
        {
            throw new UserError($"--protocol \"{protocol}\" is not one Codex knows.", "use --protocol binary (protobuf) or --protocol json");
        }

        var home = CodexHome.Resolve(parse.GetValue(CodexHomeOption));
        var target = RecorderTarget.Resolve(CliConfig.Resolve(parse, (ConfigSettings.ApiKey, ApiKey)));
        var endpoint = parse.GetValue(Endpoint);
        var baseUrl = endpoint is null ? target.HttpBaseUrl : BaseUrl(endpoint);
        var request = new SetupRequest(baseUrl, protocol, target.ApiKey, parse.GetValue(LogPrompts), CodexTlsFor(parse, baseUrl, target));

        var path = home.ConfigPath;
        var shown = CodexHome.Display(path);
        string? before;
        bool bom;
        try
        {
            before = ConfigFileWriter.Read(path, out bom);
        }
        catch (DecoderFallbackException)
        {
            throw new UserError($"{shown} is not UTF-8 text; nothing was changed.", $"save {shown} as UTF-8 (Codex requires it too), then run codex-otel setup codex again");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, shown, e);
        }

        string after;
        try
        {
            after = CodexConfigEdit.Apply(before ?? "", path, request);
        }
        catch (TomlSyntaxException e)
        {
            throw new UserError(
                $"{shown} is not valid TOML: line {e.Line}, column {e.Column}: {e.Problem}. Nothing was changed.",
                $"correct line {e.Line} of {shown} (Codex cannot read it either), then run codex-otel setup codex again");
        }
        catch (TomlException e)
        {
            throw new UserError(
                $"{shown} cannot be read: {TomlText.Problem(e)}. Nothing was changed.",
                $"correct {shown} (Codex cannot read it either), then run codex-otel setup codex again");
        }
        catch (ConfigEditException e)
        {
            throw new UserError(
                $"cannot update the [otel] section of {shown} safely: {e.Message}. Nothing was changed.",
                $"remove the exporters from [otel] in {shown} by hand, then run codex-otel setup codex again");
        }

        Console.WriteLine($"Codex config  {shown}{(before is null ? " (does not exist yet)" : "")}");
        Console.WriteLine($"recorder      {baseUrl} — {(endpoint is null ? target.AddressSource : "--endpoint")}");
        if (endpoint is not null && target.Running is { } serve && !SameAuthority(baseUrl, target.HttpBaseUrl))
        {
            Console.WriteLine($"note: the running serve (pid {serve.Pid}) listens on {target.HttpBaseUrl}, not {baseUrl}");
        }

        var settings = CodexOtelSettings.Read(after);
        if (after == before)
        {
            Console.WriteLine($"✔ Codex already sends logs, traces and metrics there ({protocol}) — nothing to change.");
            PrintNotes(request, target, settings, logPromptsAdded: false);
            return 0;
        }

        Console.Write(Masked(UnifiedDiff.Create(before ?? "", after, before is null ? "/dev/null" : shown, shown), request.ApiKey));
        if (parse.GetValue(DryRun))
        {
            Console.WriteLine("dry run: nothing was written (run it without --dry-run to apply this).");
            return 0;
        }

        ConfigWrite written;
        try
        {
            written = ConfigFileWriter.Write(path, after, bom, request.ApiKey is not null, DateTimeOffset.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError($"cannot write {shown}: {e.Message} Nothing was changed.", $"check who owns {CodexHome.Display(home.Path)} and its permissions");
        }

        var where = written.WrittenTo == path ? shown : $"{shown} → {CodexHome.Display(written.WrittenTo)}";
        Console.WriteLine(written.Backup is { } backup
            ? $"✔ wrote {where} (the old file is saved as {CodexHome.Display(backup)})"
            : $"✔ wrote {where}");
        if (written.Tightened)
        {
            Console.WriteLine($"  {shown} can now only be read by you (it holds the API key)");
        }

        Console.WriteLine($"  Codex sends logs, traces and metrics to {baseUrl}/v1/… (otlp-http, {protocol})");
        PrintNotes(request, target, settings, request.LogPrompts && CodexOtelSettings.Read(before ?? "").LogUserPrompt != true);
        return 0;
    }

    /// <summary>The tls settings for an https recorder: the CA given, else serve's own certificate; null for http.</summary>
    private static CodexTls? CodexTlsFor(ParseResult parse, string baseUrl, RecorderTarget target)
    {
        var (ca, certificate, key) = (parse.GetValue(TlsCa), parse.GetValue(TlsClientCert), parse.GetValue(TlsClientKey));
        if (certificate is null != key is null)
        {
            throw new UserError("--tls-client-cert and --tls-client-key go together.", "give both: the client certificate Codex presents and its private key");
        }

        if (!baseUrl.StartsWith("https://", StringComparison.Ordinal))
        {
            return ca is not null || certificate is not null
                ? throw new UserError($"TLS settings were given, but the recorder's address {baseUrl} is plain http.", "start serve with --tls-cert and --tls-key, or give --endpoint https://HOST:PORT")
                : null;
        }

        ca ??= target.Tls?.CertificatePath
            ?? throw new UserError($"{baseUrl} is https, and codex-otel does not know which certificate to trust it by.", "give the CA certificate with --tls-ca FILE");
        return new CodexTls(FullPath(ca), certificate is null ? null : FullPath(certificate), key is null ? null : FullPath(key));
    }

    private static string FullPath(string path) => Ledger.DataDirectory.FullPath(path);

    /// <summary>config.toml exists but cannot be read: most often a symbolic link that leads nowhere.</summary>
    private static UserError Unreadable(string path, string shown, Exception error)
    {
        var quoted = CodexHome.ShellQuote(path);
        if (new FileInfo(path).LinkTarget is { } link)
        {
            var target = CodexHome.Display(Path.GetFullPath(link, Path.GetDirectoryName(path)!));
            return error is FileNotFoundException or DirectoryNotFoundException
                ? new UserError(
                    $"{shown} is a symbolic link to {target}, which does not exist; nothing was changed.",
                    $"create {target} (it may be empty), or remove the link (rm {quoted}), then run codex-otel setup codex again")
                : new UserError(
                    $"{shown} is a symbolic link to {target} that does not lead to a file ({error.Message}); nothing was changed.",
                    $"point the link at a file, or remove it (rm {quoted}), then run codex-otel setup codex again");
        }

        return new UserError($"cannot read {shown}: {error.Message} Nothing was changed.", $"check the file's permissions: ls -l {quoted}");
    }

    private static void PrintNotes(SetupRequest request, RecorderTarget target, CodexOtelSettings settings, bool logPromptsAdded)
    {
        if (request.ApiKey is not null)
        {
            Console.WriteLine($"  with the API key (authorization: Bearer …, from {target.ApiKeySource})");
        }

        var folder = CodexHome.Display(target.DataDir);
        if (logPromptsAdded)
        {
            Console.WriteLine(
                $"prompts: recorded verbatim. log_user_prompt = true makes Codex send the full text of every prompt you type " +
                $"(otherwise only \"[REDACTED]\" and its length). They are kept in the private ledger in {folder} " +
                "(folder 0700, files 0600), and show and search display them.");
        }
        else if (settings.LogUserPrompt == true)
        {
            Console.WriteLine($"prompts: recorded verbatim (log_user_prompt = true), kept in the private ledger in {folder}.");
        }
        else
        {
            Console.WriteLine("prompts: redacted — Codex sends \"[REDACTED]\" and the length; --log-prompts records them verbatim.");
        }

        Console.WriteLine(target.Running is null
            ? "next: start the recorder (codex-otel serve), then use Codex; codex-otel doctor checks the whole path."
            : "next: use Codex (sessions started from now on read this config); codex-otel doctor checks the whole path.");
    }

    /// <summary>
    /// The base URL each signal's /v1/… path is added to: http://host:port, keeping a path prefix (a proxy's) but
    /// not a signal path someone copied in.
    /// </summary>
    internal static string BaseUrl(string endpoint)
    {
        var text = endpoint.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new UserError($"--endpoint \"{endpoint}\" is not an http URL.", "give the recorder's OTLP/HTTP address, e.g. --endpoint http://127.0.0.1:4318");
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        foreach (var suffix in new[] { "/v1/logs", "/v1/traces", "/v1/metrics", "/v1" })
        {
            if (path.EndsWith(suffix, StringComparison.Ordinal))
            {
                path = path[..^suffix.Length];
                break;
            }
        }

        return $"{uri.Scheme}://{uri.Authority}{path}";
    }

    private static bool SameAuthority(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y) &&
        x.Port == y.Port && string.Equals(x.Host, y.Host, StringComparison.OrdinalIgnoreCase);

    /// <summary>The diff as printed: the API key itself is not shown on the terminal.</summary>
    private static string Masked(string diff, string? apiKey) =>
        apiKey is { Length: >= 4 } ? diff.Replace(apiKey, "********", StringComparison.Ordinal) : diff;
}
