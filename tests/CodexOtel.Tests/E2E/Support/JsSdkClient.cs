using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>Runs tests/clients/send-otlp-json.mjs: the OpenTelemetry JS SDK's OTLP/HTTP JSON exporters.</summary>
public static class JsSdkClient
{
    public static async Task<JsonObject> SendAsync(Uri otlpHttpBase, string runId, string compression = "none")
    {
        var clients = RepoRoot.Combine("tests", "clients");
        if (!Directory.Exists(Path.Combine(clients, "node_modules", "@opentelemetry", "exporter-logs-otlp-http")))
        {
            throw new InvalidOperationException(
                $"OpenTelemetry JS SDK not installed in {clients}: {CodexInstallation.InstallHint}");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = clients,
            ArgumentList = { "send-otlp-json.mjs", otlpHttpBase.GetLeftPart(UriPartial.Authority), runId, compression },
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        var result = await ChildProcess.RunAsync(start, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"send-otlp-json.mjs failed: {result}");
        return JsonNode.Parse(result.Stdout)!.AsObject();
    }
}
