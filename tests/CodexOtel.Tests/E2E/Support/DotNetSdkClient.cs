using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CodexOtel.Tests.E2E.Support;

/// <summary>
/// Sends a known set of spans, logs and metrics with the OpenTelemetry .NET SDK's OTLP exporter, shuts the
/// providers down (which flushes), and returns the JSON description of what it sent, in the form
/// send-otlp-json.mjs prints.
/// </summary>
public static class DotNetSdkClient
{
    public const string ServiceName = "codex-otel-e2e-dotnet";
    public const string ScopeVersion = "1.0.0";

    /// <summary>Sends to <paramref name="endpoint"/>, the receiver's gRPC base URL for <see cref="OtlpExportProtocol.Grpc"/>, else its HTTP one.</summary>
    public static JsonObject Send(Uri endpoint, OtlpExportProtocol protocol, string runId)
    {
        // Providers listen to sources and meters by name, process-wide: a name per run keeps parallel tests apart.
        var scopeName = $"CodexOtel.E2E.DotNet.{runId}";
        Action<OtlpExporterOptions> Exporter(string signal) => o =>
        {
            o.Protocol = protocol;
            // http/protobuf takes the full per-signal URL; gRPC the base URL.
            o.Endpoint = protocol == OtlpExportProtocol.Grpc ? endpoint : new Uri(endpoint, $"/v1/{signal}");
        };
        var resource = ResourceBuilder.CreateEmpty()
            .AddService(ServiceName, autoGenerateServiceInstanceId: false)
            .AddAttributes([new("run.id", runId)]);
        var logTimes = new LogTimestamps();

        using var source = new ActivitySource(scopeName, ScopeVersion);
        using var meter = new Meter(scopeName, ScopeVersion);
        var tracerProvider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(scopeName)
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(Exporter("traces"))
            .Build();
        var loggerFactory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(resource);
            o.AddProcessor(logTimes);
            o.AddOtlpExporter(Exporter("logs"));
        }));
        var meterProvider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(scopeName)
            .AddView("dotnet.latency", new ExplicitBucketHistogramConfiguration { Boundaries = DotNetSample.Bounds })
            .AddOtlpExporter((o, reader) =>
            {
                Exporter("metrics")(o);
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
            })
            .Build();

        var sample = new DotNetSample(source, loggerFactory.CreateLogger(scopeName), meter, runId);
        sample.Emit();

        // Disposing shuts each provider down, which exports everything still buffered.
        tracerProvider.Dispose();
        loggerFactory.Dispose();
        meterProvider.Dispose();

        var scope = new JsonObject { ["name"] = scopeName, ["version"] = ScopeVersion };
        return new JsonObject
        {
            ["runId"] = runId,
            ["resource"] = TypedValue.OfClr([new("service.name", ServiceName), new("run.id", runId)]),
            ["scopes"] = new JsonObject
            {
                ["traces"] = scope.DeepClone(),
                ["metrics"] = scope.DeepClone(),
                // An ILogger category becomes the scope name; it has no version.
                ["logs"] = new JsonObject { ["name"] = scopeName, ["version"] = "" },
            },
            ["spans"] = sample.Spans,
            ["logs"] = sample.LogsStampedWith(logTimes.All),
            ["metrics"] = DotNetSample.Metrics,
        };
    }

    /// <summary>Remembers when the SDK stamped each log record, the one value the caller does not choose.</summary>
    private sealed class LogTimestamps : BaseProcessor<LogRecord>
    {
        private readonly List<DateTime> _all = [];

        public IReadOnlyList<DateTime> All
        {
            get
            {
                lock (_all)
                {
                    return [.. _all];
                }
            }
        }

        public override void OnEnd(LogRecord data)
        {
            lock (_all)
            {
                _all.Add(data.Timestamp);
            }
        }
    }
}
