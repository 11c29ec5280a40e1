using CodexOtel.Ledger;
using CodexOtel.Metrics.Model;
using CodexOtel.Otlp;
using CodexOtel.Otlp.Json;
using OpenTelemetry.Proto.Collector.Metrics.V1;

namespace CodexOtel.Metrics.Cumulative;

/// <summary>Follows <c>otel-metrics.jsonl</c> with <see cref="ClientMetrics"/>.</summary>
internal sealed class ClientMetricsConsumer(string dataDir, MetricRegistry registry, MetricsOptions options, ILogger log)
    : MetricsConsumer<List<ExportMetricsServiceRequest>>(dataDir, registry)
{
    public const string ConsumerName = "metrics-codex";

    private readonly ClientMetrics _metrics = new(registry, ConsumerName, options);

    public override string Name => ConsumerName;

    public override Signal Signal => Signal.Metrics;

    public override List<ExportMetricsServiceRequest> Prepare(IReadOnlyList<LedgerLine> lines, CancellationToken cancellationToken) =>
        DecodeEach(lines, OtlpJsonDecoder.DecodeMetrics, log);

    public override ValueTask ConsumeAsync(List<ExportMetricsServiceRequest> batch, LedgerCheckpoint after, CancellationToken cancellationToken)
    {
        foreach (var request in batch)
        {
            _metrics.Consume(request);
        }

        return ValueTask.CompletedTask;
    }

    protected override FamilyLimits LimitsFor(MetricDescriptor descriptor) => _metrics.Limits;
}
