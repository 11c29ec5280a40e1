using System.Text;
using System.Text.Json;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>Writes the config.toml for an offline Codex: the mock model provider, no approvals, telemetry to us.</summary>
public static class CodexConfig
{
    public const string Model = "gpt-5.5";

    public static string Toml(Uri modelBaseUrl, CodexTelemetry telemetry)
    {
        var toml = new StringBuilder();
        toml.AppendLine($"model = {Quote(Model)}");
        toml.AppendLine("model_provider = \"mock\"");
        toml.AppendLine("approval_policy = \"never\"");
        toml.AppendLine("sandbox_mode = \"danger-full-access\"");
        toml.AppendLine();
        toml.AppendLine("[model_providers.mock]");
        toml.AppendLine("name = \"Mock\"");
        toml.AppendLine($"base_url = {Quote(modelBaseUrl.ToString().TrimEnd('/'))}");
        toml.AppendLine("wire_api = \"responses\"");
        toml.AppendLine("env_key = \"MOCK_API_KEY\"");
        toml.AppendLine("request_max_retries = 0");
        toml.AppendLine("stream_max_retries = 0");
        toml.AppendLine();
        toml.AppendLine("[otel]");
        toml.AppendLine($"environment = {Quote(telemetry.Environment)}");
        toml.AppendLine("log_user_prompt = true");
        toml.AppendLine($"exporter = {Exporter(telemetry, "logs")}");
        toml.AppendLine($"trace_exporter = {Exporter(telemetry, "traces")}");
        toml.AppendLine($"metrics_exporter = {Exporter(telemetry, "metrics")}");
        return toml.ToString();
    }

    private static string Exporter(CodexTelemetry telemetry, string signal)
    {
        var headers = string.Join(", ", telemetry.Headers.Select(h => $"{Quote(h.Key)} = {Quote(h.Value)}"));
        var tls = telemetry.Tls.Count == 0 ? "" : $", tls = {{ {string.Join(", ", telemetry.Tls.Select(t => $"{Quote(t.Key)} = {Quote(t.Value)}"))} }}";
        return $"{{ otlp-http = {{ endpoint = {Quote(telemetry.EndpointFor(signal))}, " +
               $"protocol = {Quote(telemetry.Protocol)}, headers = {{ {headers} }}{tls} }} }}";
    }

    // A JSON string literal is a valid TOML basic string (same escapes, \uXXXX included).
    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
