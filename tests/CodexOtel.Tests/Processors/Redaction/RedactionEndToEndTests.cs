using System.Net;
using System.Text;
using CodexOtel.Otlp;
using CodexOtel.Tests.Cli;
using CodexOtel.Tests.Codex;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Receivers;
using CodexOtel.Tests.Setup;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;

namespace CodexOtel.Tests.Processors.Redaction;

/// <summary>
/// The real executable: secrets sent over OTLP/HTTP (protobuf and JSON), OTLP/gRPC, and imported (through serve and
/// straight into the ledger) are nowhere in the data folder — ledger, index, state files — nor in what the processes
/// print; their markers are.
/// </summary>
public sealed class RedactionEndToEndTests
{
    [Fact]
    public async Task Secrets_sent_by_every_way_in_reach_neither_the_data_folder_nor_the_output_and_their_markers_do()
    {
        using var dir = new TempDirectory("redaction-e2e");
        var data = dir.Sub("data");
        var fake = new FakeSecrets(99);
        var secrets = new Dictionary<string, string>
        {
            ["http_protobuf"] = fake.For("openai_api_key"),
            ["http_json"] = fake.For("github_token"),
            ["grpc"] = fake.For("aws_access_key_id"),
            ["import_through_serve"] = fake.For("slack_token"),
            ["import"] = fake.For("jwt"),
        };
        var outputs = new StringBuilder();

        await using (var serve = await ServerProcess.StartAsync(data))
        {
            using var http = new HttpClient();
            await PostAsync(http, new Uri(serve.HttpEndpoint, "/v1/logs"), OtlpRequests.Protobuf(Prompt($"my key is {secrets["http_protobuf"]}, keep it safe")));
            var spans = OtlpRequests.Spans(1);
            spans.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Add(new KeyValue { Key = "command", Value = new AnyValue { StringValue = $"GITHUB_TOKEN={secrets["http_json"]} gh pr list" } });
            await PostAsync(http, new Uri(serve.HttpEndpoint, "/v1/traces"), OtlpRequests.Content(Encoding.UTF8.GetBytes(OtlpJson.Encode(Signal.Traces, spans)), "application/json"));
            var metrics = OtlpRequests.Metrics();
            metrics.ResourceMetrics[0].Resource = new() { Attributes = { new KeyValue { Key = "aws.key", Value = new AnyValue { StringValue = secrets["grpc"] } } } };
            using (var channel = GrpcChannel.ForAddress(serve.GrpcEndpoint))
            {
                await new MetricsService.MetricsServiceClient(channel).ExportAsync(metrics);
            }

            outputs.Append(await ImportAsync(dir, data, "through-serve.jsonl", secrets["import_through_serve"]));
            Assert.Equal(0, await serve.StopAsync());
            outputs.Append(serve.Stdout).Append(serve.Stderr);
        }

        outputs.Append(await ImportAsync(dir, data, "straight.jsonl", secrets["import"]));

        var files = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(data, f), f => Encoding.Latin1.GetString(File.ReadAllBytes(f)));
        foreach (var (way, secret) in secrets)
        {
            Assert.DoesNotContain(files, f => f.Value.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, outputs.ToString(), StringComparison.Ordinal);
        }

        // Ledger segments are otel-{signal}.jsonl (the collector's names); the rest is the index and state.
        static bool IsLedger(string name) => name.StartsWith("otel-", StringComparison.Ordinal) && name.EndsWith(".jsonl", StringComparison.Ordinal);
        var ledger = string.Concat(files.Where(f => IsLedger(f.Key)).Select(f => f.Value));
        foreach (var rule in new[] { "openai_api_key", "github_token", "aws_access_key_id", "slack_token", "jwt" })
        {
            Assert.Contains($"[REDACTED:{rule}]", ledger, StringComparison.Ordinal);
        }

        // The index has the prompt, redacted.
        var index = string.Concat(files.Where(f => !IsLedger(f.Key)).Select(f => f.Value));
        Assert.Contains("my key is [REDACTED:openai_api_key], keep it safe", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_no_redact_writes_what_it_was_sent()
    {
        using var dir = new TempDirectory("redaction-off");
        var secret = new FakeSecrets(7).For("openai_api_key");

        await using (var serve = await ServerProcess.StartAsync(dir.Path, "--no-redact"))
        {
            using var http = new HttpClient();
            await PostAsync(http, new Uri(serve.HttpEndpoint, "/v1/logs"), OtlpRequests.Protobuf(Prompt($"my key is {secret}")));
            Assert.Equal(0, await serve.StopAsync());
        }

        Assert.Contains(LedgerContents.Read(dir.Path).Logs, l => l.Item.Attributes.Any(a => a.Value.StringValue == $"my key is {secret}"));
    }

    private static Google.Protobuf.IMessage Prompt(string prompt) =>
        CodexRecords.Request(CodexRecords.Event("codex.user_prompt", 0, ("prompt", prompt), ("prompt_length", (long)prompt.Length)));

    private static async Task PostAsync(HttpClient http, Uri uri, HttpContent content)
    {
        using var response = await http.PostAsync(uri, content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> ImportAsync(TempDirectory dir, string data, string name, string secret)
    {
        var request = CodexRecords.Request(CodexRecords.Event("codex.tool_result", 100, ("tool_name", "shell"), ("output", $"Set-Cookie: session={secret}; HttpOnly")));
        var file = Path.Combine(dir.Path, name);
        File.WriteAllText(file, OtlpJson.Encode(Signal.Logs, request) + "\n");
        var result = await CliRunner.RunAsync(IsolatedCli.Environment(dir), TimeSpan.FromSeconds(30), "import", file, "--data", data);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout + result.Stderr;
    }
}
