using System.Net;
using CodexOtel.Serve;
using CodexOtel.Tests.Codex;
using CodexOtel.Tests.E2E.Support;
using CodexOtel.Tests.Receivers;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace CodexOtel.Tests.Metrics;

/// <summary>serve's Prometheus endpoint, in process, on free loopback ports.</summary>
public sealed class MetricsServeTests
{
    private const string InputTokens = "codex_otel_tokens_total{kind=\"input\",model=\"gpt-5\"}";
    private const string ToolCalls = "codex_tool_call_total{job=\"codex_exec\",tool=\"exec_command\"}";

    [Fact]
    public async Task Counters_survive_a_restart_of_serve_and_go_on_from_where_they_were()
    {
        using var data = new TempDirectory("metrics-restart");
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        await using (var serve = await StartAsync(data.Path))
        {
            await PostAsync(serve, "/v1/logs", OtlpRequests.Protobuf(CodexRecords.Request(CodexRecords.ResponseCompleted(1))));
            await PostAsync(serve, "/v1/metrics", OtlpRequests.Protobuf(DeltaToolCalls(start, start.AddSeconds(10), 3)));
            await MetricsScrape.WaitForAsync(Metrics(serve), InputTokens, v => v == 1200);
            await MetricsScrape.WaitForAsync(Metrics(serve), ToolCalls, v => v == 3);
        }

        await using (var serve = await StartAsync(data.Path))
        {
            // Not zero, not counted twice: the values the first serve had.
            var text = await MetricsScrape.WaitForAsync(Metrics(serve), InputTokens, v => v > 0);
            Assert.Equal(1200, MetricsScrape.Value(text, InputTokens));
            await MetricsScrape.WaitForAsync(Metrics(serve), ToolCalls, v => v == 3);

            await PostAsync(serve, "/v1/logs", OtlpRequests.Protobuf(CodexRecords.Request(CodexRecords.ResponseCompleted(2))));
            await PostAsync(serve, "/v1/metrics", OtlpRequests.Protobuf(DeltaToolCalls(start.AddSeconds(10), start.AddSeconds(20), 2)));
            await MetricsScrape.WaitForAsync(Metrics(serve), InputTokens, v => v == 2400);
            await MetricsScrape.WaitForAsync(Metrics(serve), ToolCalls, v => v == 5);
        }

        // Without their state files the consumers rebuild the same values from the ledger.
        foreach (var state in Directory.GetFiles(data.Path, "consumer-metrics-*.state"))
        {
            File.Delete(state);
        }

        await using (var serve = await StartAsync(data.Path))
        {
            await MetricsScrape.WaitForAsync(Metrics(serve), InputTokens, v => v == 2400);
            await MetricsScrape.WaitForAsync(Metrics(serve), ToolCalls, v => v == 5);
        }
    }

    [Fact]
    public async Task The_state_file_is_private_to_the_user()
    {
        using var data = new TempDirectory("metrics-state");
        await using (var serve = await StartAsync(data.Path))
        {
            await PostAsync(serve, "/v1/logs", OtlpRequests.Protobuf(CodexRecords.Request(CodexRecords.ResponseCompleted(1))));
            await MetricsScrape.WaitForAsync(Metrics(serve), InputTokens, v => v == 1200);
        }

        var mode = File.GetUnixFileMode(Path.Combine(data.Path, "consumer-metrics-usage.state"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task With_an_api_key_the_endpoint_wants_it_as_a_bearer_token()
    {
        using var data = new TempDirectory("metrics-key");
        await using var serve = await StartAsync(data.Path, apiKey: "scrape-secret");
        using var http = new HttpClient();

        using var anonymous = await http.GetAsync(Metrics(serve));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var text = await MetricsScrape.GetAsync(Metrics(serve), bearer: "scrape-secret");
        Assert.Contains("# TYPE codex_otel_consumer_lag_bytes gauge", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receivers_count_accepted_records_and_refused_requests_by_signal_transport_and_reason()
    {
        using var data = new TempDirectory("metrics-health");
        await using var serve = await StartAsync(data.Path, apiKey: "k");
        using var http = new HttpClient();
        using var refused = await http.PostAsync(new Uri(serve.HttpEndpoint, "/v1/logs"), OtlpRequests.Protobuf(CodexRecords.Request(CodexRecords.ResponseCompleted(1))));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await PostAsync(serve, "/v1/logs", OtlpRequests.Protobuf(CodexRecords.Request(CodexRecords.ResponseCompleted(1))), apiKey: "k");

        var text = await MetricsScrape.GetAsync(Metrics(serve), bearer: "k");

        Assert.Equal(2, MetricsScrape.Value(text, "codex_otel_receiver_accepted_records_total{signal=\"logs\",transport=\"http\"}"));
        Assert.Equal(1, MetricsScrape.Value(text, "codex_otel_receiver_refused_requests_total{reason=\"unauthorized\",signal=\"logs\",transport=\"http\"}"));
        Assert.True(MetricsScrape.Value(text, "codex_otel_ledger_written_bytes_total{signal=\"logs\"}") > 0);
        Assert.Equal(1, MetricsScrape.Value(text, "codex_otel_ledger_fsync_duration_milliseconds_count{signal=\"logs\"}"));
    }

    private static Task<RecorderHost> StartAsync(string dataDir, string? apiKey = null) => RecorderHost.StartAsync(new ServeOptions
    {
        DataDir = dataDir,
        GrpcAddress = "127.0.0.1:0",
        HttpAddress = "127.0.0.1:0",
        MetricsAddress = "127.0.0.1:0",
        ApiKey = apiKey,
    });

    private static Uri Metrics(RecorderHost serve) => new($"http://{serve.State.Listeners["metrics"]}/metrics");

    private static async Task PostAsync(RecorderHost serve, string path, HttpContent content, string? apiKey = null)
    {
        using var http = new HttpClient();
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        using var response = await http.PostAsync(new Uri(serve.HttpEndpoint, path), content);
        response.EnsureSuccessStatusCode();
    }

    // Codex's codex.tool.call, as it sends it: a DELTA sum with a conversation.id the cardinality guard drops.
    private static ExportMetricsServiceRequest DeltaToolCalls(DateTimeOffset from, DateTimeOffset to, long calls) => new()
    {
        ResourceMetrics =
        {
            new ResourceMetrics
            {
                Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "codex_exec" } } } },
                ScopeMetrics =
                {
                    new ScopeMetrics
                    {
                        Scope = new InstrumentationScope { Name = "codex" },
                        Metrics =
                        {
                            new Metric
                            {
                                Name = "codex.tool.call",
                                Sum = new Sum
                                {
                                    AggregationTemporality = AggregationTemporality.Delta,
                                    IsMonotonic = true,
                                    DataPoints =
                                    {
                                        new NumberDataPoint
                                        {
                                            StartTimeUnixNano = CodexRecords.Nanos(from),
                                            TimeUnixNano = CodexRecords.Nanos(to),
                                            AsInt = calls,
                                            Attributes =
                                            {
                                                new KeyValue { Key = "tool", Value = new AnyValue { StringValue = "exec_command" } },
                                                new KeyValue { Key = "conversation.id", Value = new AnyValue { StringValue = Guid.NewGuid().ToString() } },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    };
}
