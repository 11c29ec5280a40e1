using System.Net;
using CodexOtel.Metrics;
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

    [Fact]
    public async Task Serve_exposes_its_own_cpu_time_resident_memory_uptime_and_managed_heap()
    {
        using var data = new TempDirectory("metrics-process");
        await using var serve = await StartAsync(data.Path);
        await PostAsync(serve, "/v1/logs", OtlpRequests.Protobuf(CodexRecords.Request(CodexRecords.ResponseCompleted(1))));

        var text = await MetricsScrape.GetAsync(Metrics(serve));

        Assert.Contains("# TYPE codex_otel_process_cpu_time_seconds_total counter", text, StringComparison.Ordinal);
        Assert.True(MetricsScrape.Value(text, "codex_otel_process_cpu_time_seconds_total") > 0);
        var rss = MetricsScrape.Value(text, "codex_otel_process_memory_usage_bytes") ?? 0;
        Assert.InRange(rss, 10e6, 2e9);
        Assert.True(MetricsScrape.Value(text, "codex_otel_process_uptime_seconds") > 0);
        Assert.InRange(MetricsScrape.Value(text, "codex_otel_runtime_heap_size_bytes") ?? 0, 1, rss);
        Assert.True(MetricsScrape.Value(text, "codex_otel_runtime_heap_allocated_bytes_total") > 0);
        Assert.Contains("codex_otel_runtime_gc_collections_total{generation=\"gen2\"}", text, StringComparison.Ordinal);

        // Counters go on from where they were; the next scrape reads the process again.
        var later = await MetricsScrape.GetAsync(Metrics(serve));
        Assert.True(MetricsScrape.Value(later, "codex_otel_runtime_heap_allocated_bytes_total") > MetricsScrape.Value(text, "codex_otel_runtime_heap_allocated_bytes_total"));
    }

    [Fact]
    public async Task Spanmetrics_are_written_to_the_metrics_ledger_and_not_taken_back_in_as_client_metrics()
    {
        using var data = new TempDirectory("metrics-spans");
        await using var serve = await StartAsync(data.Path, metrics: new MetricsOptions { SpanMetricsFlushInterval = TimeSpan.FromMilliseconds(200) });
        await PostAsync(serve, "/v1/traces", OtlpRequests.Protobuf(CodexOtel.Tests.Otlp.OtlpSamples.RichTraces()));
        var spans = await MetricsScrape.WaitForAsync(Metrics(serve), "codex_otel_consumer_lag_bytes{consumer=\"metrics-spans\",signal=\"traces\"}", v => v == 0);
        Assert.Contains("traces_span_metrics_calls_total{", spans, StringComparison.Ordinal);

        var ledger = Path.Combine(data.Path, "otel-metrics.jsonl");
        for (var i = 0; i < 100 && !(File.Exists(ledger) && File.ReadAllText(ledger).Contains("traces.span.metrics.calls", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains("\"codex-otel/spanmetrics\"", File.ReadAllText(ledger), StringComparison.Ordinal);

        // Once the client-metrics consumer has read that line, it has left it alone.
        var text = await MetricsScrape.WaitForAsync(Metrics(serve), "codex_otel_consumer_lag_bytes{consumer=\"metrics-codex\",signal=\"metrics\"}", v => v == 0);
        Assert.DoesNotContain("codex_otel_metrics_dropped_points_total", text, StringComparison.Ordinal);
        Assert.Equal(1, text.Split('\n').Count(line => line.StartsWith("# TYPE traces_span_metrics_calls_total", StringComparison.Ordinal)));
    }

    private static Task<RecorderHost> StartAsync(string dataDir, string? apiKey = null, MetricsOptions? metrics = null) => RecorderHost.StartAsync(new ServeOptions
    {
        DataDir = dataDir,
        GrpcAddress = "127.0.0.1:0",
        HttpAddress = "127.0.0.1:0",
        MetricsAddress = "127.0.0.1:0",
        ApiKey = apiKey,
        Metrics = metrics ?? new MetricsOptions(),
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
