namespace CodexOtel.Setup;

/// <summary>Settings of this shell that keep Codex from exporting.</summary>
internal static class EnvironmentCheck
{
    public static IEnumerable<DoctorCheck> Run()
    {
        // Codex 0.169 is built without gzip: asked to compress, it silently exports nothing.
        if (Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_COMPRESSION") is { Length: > 0 } compression &&
            !compression.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            yield return new DoctorCheck(
                "environment",
                CheckStatus.Problem,
                $"OTEL_EXPORTER_OTLP_COMPRESSION={compression} is set in this shell: Codex 0.169 then silently exports nothing",
                "unset OTEL_EXPORTER_OTLP_COMPRESSION");
        }
    }
}
