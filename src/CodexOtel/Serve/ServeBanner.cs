namespace CodexOtel.Serve;

/// <summary>What <c>serve</c> prints on stdout once it listens: where, where to, and how to point Codex at it.</summary>
internal static class ServeBanner
{
    public static void Print(ServeState state, DateTime processStart)
    {
        var http = $"{state.Scheme}://{state.Http}";
        var ready = DateTime.Now - processStart;
        var listeners = string.Concat(state.Banner.Select(line => $"\n  {line}"));
        Console.Out.Write($"""
            codex-otel {state.Version} — recording to {ShortPath(state.DataDir)} ({Size(state.DataDir)})
              OTLP gRPC   {state.Grpc}
              OTLP HTTP   {state.Http}   (/v1/logs /v1/traces /v1/metrics, or /){listeners}
            Point Codex at it with `codex-otel setup codex`, or put this in ~/.codex/config.toml
              [otel]
              exporter         = {"{"} otlp-http = {"{"} endpoint = "{http}/v1/logs",    protocol = "binary" {"}"} {"}"}
              trace_exporter   = {"{"} otlp-http = {"{"} endpoint = "{http}/v1/traces",  protocol = "binary" {"}"} {"}"}
              metrics_exporter = {"{"} otlp-http = {"{"} endpoint = "{http}/v1/metrics", protocol = "binary" {"}"} {"}"}
            Ready in {ready.TotalMilliseconds:0} ms. Ctrl-C to stop.

            """);
        Console.Out.Flush();
    }

    private static string ShortPath(string path)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 1 && path.StartsWith(home + "/", StringComparison.Ordinal) ? "~" + path[home.Length..] : path;
    }

    private static string Size(string folder)
    {
        var bytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
        return bytes switch
        {
            < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
            < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.#} MB",
            _ => $"{bytes / 1024.0 / 1024 / 1024:0.##} GB",
        };
    }
}
